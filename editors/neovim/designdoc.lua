-- designdoc's language server in Neovim 0.11+, in init.lua.
vim.lsp.config("designdoc", {
  cmd = { "designdoc", "lsp" },
  filetypes = { "markdown" },
  root_markers = { "designdoc.toml", ".git" },
})
vim.lsp.enable("designdoc")
