//! designdoc for Zed: runs `designdoc lsp` (found on the worktree's PATH,
//! or at `lsp.designdoc.binary.path` in Zed's settings) for Markdown.

use zed_extension_api::{self as zed, settings::LspSettings, LanguageServerId, Result};

struct Designdoc;

impl zed::Extension for Designdoc {
    fn new() -> Self {
        Designdoc
    }

    fn language_server_command(
        &mut self,
        id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<zed::Command> {
        let binary = LspSettings::for_worktree(id.as_ref(), worktree)
            .ok()
            .and_then(|s| s.binary);
        let command = binary
            .as_ref()
            .and_then(|b| b.path.clone())
            .or_else(|| worktree.which("designdoc"))
            .ok_or_else(|| {
                "designdoc is not on PATH: install it (cargo install designdoc) or set lsp.designdoc.binary.path".to_string()
            })?;
        let args = binary
            .and_then(|b| b.arguments)
            .unwrap_or_else(|| vec!["lsp".to_string()]);
        Ok(zed::Command {
            command,
            args,
            env: worktree.shell_env(),
        })
    }
}

zed::register_extension!(Designdoc);
