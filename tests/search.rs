//! The search tokeniser is one definition written twice: Rust builds the index
//! (`src/search/tokenize.rs`), JavaScript tokenises the query (`static/assets/search-tokenize.js`). This
//! test runs both over the same strings (hand-picked and generated) and requires identical
//! tokens, positions and auxiliary flags, so index and query can never disagree.

mod common;
use common::*;
use skillpress::search::tokenize;
use std::process::Command;

fn node_available() -> bool {
    Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

const FIXED: &[&str] = &[
    "",
    "转人工",
    "首次解决率（FCR）是衡量服务效率的指标",
    "客户满意度CSAT达到９０％以上",
    "ＦＣＲ与ＣＳＡＴ",
    "情绪安抚：先共情，再解决！",
    "隐私保护——手机号138****0000要脱敏",
    "Customers escalated; the agent's reply was escalating.",
    "Hand-off triggers: 4 (four) signals, e-mail & chat",
    "Replies, replied, replying, STOPPED, calling, classes, analysis, status",
    "Ｈｅｌｌｏ　Ｗｏｒｌｄ　１２３",
    "café naïve Ünïcödé ΣΑΣ İstanbul straße",
    "日本語のテキスト、カタカナ・ひらがな々",
    "𠀀𠀁 astral Han 𪚥 and emoji 😀👍🏽",
    "don't customer’s rock'n'roll 'quoted' it's",
    "a b c 1 22 333 x1 1x",
    "supercalifragilisticexpialidociousness-and-then-some-more-letters",
    "Ｘ\u{3000}ｙ\u{00a0}z\tw\nv",
    "https://example.com/path?q=转人工&x=1",
    "한국어 텍스트와 中文 混合",
    "Ⅻ ① ¾ ٣ ४",
];

/// Deterministic random strings over a pool that mixes every character class the rules treat
/// differently.
fn generated(n: usize) -> Vec<String> {
    let pool: Vec<char> =
        "aAbBcCdeEfFiInNsSyYzZ0123456789 ,.;:!?'’-_/()（）【】，。！？、：；\u{3000}ＡＢｃｄ０９＃\
        转人工首次解决率客户满意度情绪安抚隐私保护的了是在有我们\
        あいうカタナ々ーéüßΣσİ𠀀😀한국ⅫÅå\t\n"
            .chars()
            .collect();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    (0..n)
        .map(|_| {
            let len = (next() % 40) as usize;
            (0..len)
                .map(|_| pool[(next() % pool.len() as u64) as usize])
                .collect()
        })
        .collect()
}

fn rust_tokens(s: &str) -> serde_json::Value {
    serde_json::Value::Array(
        tokenize(s)
            .into_iter()
            .map(|t| serde_json::json!([t.text, t.pos, t.aux]))
            .collect(),
    )
}

#[test]
fn rust_and_javascript_tokenise_identically() {
    if !node_available() {
        assert!(
            std::env::var("CI").ok().as_deref() != Some("true"),
            "node is required under CI=true"
        );
        eprintln!("SKIPPED: node is not installed; the tokeniser agreement test needs it");
        return;
    }
    let mut cases: Vec<String> = FIXED.iter().map(|s| s.to_string()).collect();
    cases.extend(generated(400));
    let dir = scratch("tokenize-agreement");
    let input = dir.join("cases.json");
    std::fs::write(&input, serde_json::to_string(&cases).unwrap()).unwrap();
    let script = r#"
        const S = require(process.argv[1]);
        const cases = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));
        const out = cases.map((c) => S.tokenize(c).map((t) => [t.text, t.pos, t.aux]));
        process.stdout.write(JSON.stringify(out));
    "#;
    let out = Command::new("node")
        .arg("-e")
        .arg(script)
        .arg(repo().join("static/assets/search-tokenize.js"))
        .arg(&input)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "node failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let js: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(js.len(), cases.len());
    let mut tokens = 0;
    for (case, js_tokens) in cases.iter().zip(&js) {
        let rust = rust_tokens(case);
        assert_eq!(
            &rust, js_tokens,
            "the tokenisers disagree on {case:?}\n  rust: {rust}\n  js:   {js_tokens}"
        );
        tokens += rust.as_array().unwrap().len();
    }
    assert!(tokens > 2000, "the cases produced only {tokens} tokens");
}
