//! The HTML redline in a real browser. Headless Chromium loads the page, the test clicks
//! "Clean text" as a reader would, and the text the browser then shows must be what
//! `amend apply` prints; with "Show changes", the deleted words and margin notes must show.
//! A screenshot of each page is saved under `target/tmp/browser/` for a person to look at.
//!
//! Without Chromium the test says so on stderr and passes, unless `AMEND_REQUIRE_BROWSER` is
//! set (as `.ci/run` does), when it fails.
// See: issue 3 (redlines).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The cases shown in the browser: words changed, units added, removed and renumbered, and
/// lines replaced by blocks.
const CASES: [&str; 3] = ["lla_constitution", "lead_statement_brighton", "lead_statement_lpm"];

/// Run in the page after it loads: what "Show changes" shows, then a click on "Clean text",
/// then what that shows, written into the page where `--dump-dom` prints it.
const PROBE: &str = r#"<script>
(function () {
  var doc = document.getElementById("doc");
  var changes = doc.innerText;
  document.querySelector("label[for=view-clean]").click();
  var out = document.createElement("pre");
  out.id = "amend-probe";
  out.textContent = JSON.stringify({
    changes: changes,
    clean: doc.innerText,
    clean_checked: document.getElementById("view-clean").checked
  });
  document.body.appendChild(out);
})();
</script>"#;

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("AMEND_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|p| p.is_file())
}

/// Runs Chromium headless on `page` with `args`, with no network, a fresh profile and a
/// time limit, and returns its stdout.
fn run_chromium(chrome: &Path, page: &Path, args: &[String]) -> String {
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new(chrome)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium starts");
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || std::io::read_to_string(stdout).unwrap_or_default());
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "chromium exited with {status}");
            break;
        }
        if start.elapsed() > Duration::from_secs(90) {
            let _ = child.kill();
            panic!("chromium did not finish within 90 s on {}", page.display());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    reader.join().unwrap()
}

fn amend(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_amend")).args(args).output().expect("amend runs");
    assert!(out.status.success(), "amend {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn norm(s: &str) -> String {
    s.trim_start_matches('\u{FEFF}').split_whitespace().collect::<Vec<_>>().join(" ")
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}

#[test]
fn r3_html_clean_text_in_a_browser_is_the_consolidated_text() {
    let Some(chrome) = chromium() else {
        let message = "Chromium not found: the HTML redline was NOT checked in a browser \
                       (install Debian's `chromium`, or set AMEND_CHROMIUM to its path)";
        assert!(std::env::var_os("AMEND_REQUIRE_BROWSER").is_none(), "{message}");
        // Straight to stderr, past the test harness's capture, so the skip is seen.
        let _ = writeln!(std::io::stderr(), "\nSKIPPED browser test: {message}\n");
        return;
    };
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser");
    std::fs::create_dir_all(&dir).unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    for case in CASES {
        let base = fixtures.join(case).join("base.txt");
        let amendments = fixtures.join(case).join("amendments.amend");
        let (base, amendments) = (base.to_str().unwrap(), amendments.to_str().unwrap());
        let applied = amend(&["apply", base, amendments]);
        let page = dir.join(format!("{case}.html"));
        amend(&["redline", base, amendments, "-o", page.to_str().unwrap()]);
        let html = std::fs::read_to_string(&page).unwrap();

        let probe = dir.join(format!("{case}.probe.html"));
        std::fs::write(&probe, html.replace("</body>", &format!("{PROBE}</body>"))).unwrap();
        let dom = run_chromium(&chrome, &probe, &["--dump-dom".into()]);
        let start = dom
            .find("<pre id=\"amend-probe\">")
            .unwrap_or_else(|| panic!("{case}: the probe did not run; DOM:\n{dom:.2000}"));
        let json = &dom[start + "<pre id=\"amend-probe\">".len()..];
        let json = unescape(&json[..json.find("</pre>").expect("probe closed")]);
        let seen: serde_json::Value = serde_json::from_str(&json).unwrap();

        assert_eq!(seen["clean_checked"], true, "{case}: the switch moved");
        let clean = seen["clean"].as_str().unwrap();
        assert_eq!(norm(clean), norm(&applied), "{case}: clean text in the browser differs from `amend apply`");
        // Exactly, too: the page keeps the text's own line breaks and spaces.
        let applied = applied.trim_start_matches('\u{FEFF}').replace("\r\n", "\n");
        assert_eq!(clean, applied, "{case}: clean text differs in whitespace");
        let changes = seen["changes"].as_str().unwrap();
        assert_ne!(norm(changes), norm(clean), "{case}: changes view shows the changes");
        assert!(changes.contains("Amendment 1, line"), "{case}: margin notes are visible");

        let shot = dir.join(format!("{case}.png"));
        run_chromium(&chrome, &page, &[format!("--screenshot={}", shot.display()), "--window-size=1280,1600".into()]);
        assert!(std::fs::metadata(&shot).is_ok_and(|m| m.len() > 10_000), "{case}: screenshot written");
        let _ = writeln!(std::io::stderr(), "browser test: {case} passed; screenshot {}", shot.display());
    }
}
