//! What both fuzz targets check on every input: extraction returns (no panic, no abort),
//! and the JSON it serialises to keeps the contract's shape — the checks a warehouse
//! loader would trip over first. The full JSON Schema is checked by the integration tests;
//! here only what is cheap enough to run thousands of times a second.

use std::path::Path;

use serde_json::Value;

/// Extracts `data` as the file `name` and asserts the output's invariants.
pub fn check(data: &[u8], name: &str) {
    let doc = yusuan::extract_bytes(data, Path::new(name), name);
    let json = serde_json::to_vec(&doc);
    let json = json.unwrap_or_else(|e| panic!("document does not serialise: {e}"));
    let value: Value = serde_json::from_slice(&json).unwrap_or_else(|e| panic!("bad JSON: {e}"));
    let tables = value["tables"].as_array().map(Vec::as_slice).unwrap_or_default();
    if !value["error"].is_null() {
        assert!(tables.is_empty(), "a failed document has tables");
    }
    for (t, table) in tables.iter().enumerate() {
        let width = table["columns"].as_array().map(Vec::len);
        for row in table["rows"].as_array().map(Vec::as_slice).unwrap_or_default() {
            assert_eq!(row.as_array().map(Vec::len), width, "table {t}: row width != columns");
        }
        for record in table["records"].as_array().map(Vec::as_slice).unwrap_or_default() {
            for (key, amount) in record["amounts"].as_object().into_iter().flatten() {
                assert!(
                    amount.is_null() || amount.is_number(),
                    "table {t}: amount {key} is {amount}"
                );
            }
            if let Some(code) = record["code"].as_str() {
                assert!(code.chars().all(|c| c.is_ascii_digit()), "table {t}: code {code:?}");
            }
        }
    }
}
