//! Fixing settles: applying all fixes, re-parsing and fixing again is a
//! no-op; a doc that does not settle is given back unchanged; the BOM and
//! the line endings are kept.
#![no_main]

use designdoc_lint::{Settings, fix};
use libfuzzer_sys::fuzz_target;

const TEMPLATES: &[&str] = &["design-doc", "rfc", "adr", "nygard", "google"];

fuzz_target!(|data: &[u8]| {
    // The input's length picks the template (the default one half of the
    // time), so that seeds are plain Markdown files.
    let pick = data.len();
    let text = String::from_utf8_lossy(data);
    let schema =
        designdoc_schema::builtin(TEMPLATES[if pick % 2 == 0 { 0 } else { pick / 2 % TEMPLATES.len() }]).unwrap();
    let settings = Settings::default();
    let once = fix::fix(&text, &schema, &settings);
    if !once.settled {
        assert_eq!(once.text, text, "an unsettled fix changed the text");
        return;
    }
    let twice = fix::fix(&once.text, &schema, &settings);
    assert_eq!(twice.applied, 0, "fixing again applied fixes");
    assert_eq!(twice.text, once.text, "fixing again changed the text");
    assert_eq!(
        once.text.starts_with('\u{feff}'),
        text.starts_with('\u{feff}'),
        "BOM"
    );
    if once.applied > 0 && !text.contains('\r') {
        assert!(!once.text.contains('\r'), "a fix added CR to an LF doc");
    }
    if once.applied > 0 && text.contains("\r\n") && !text.replace("\r\n", "").contains('\n') {
        assert!(
            !once.text.replace("\r\n", "").contains('\n'),
            "a fix added a bare LF to a CRLF doc"
        );
    }
});
