//! Text exports (`.txt`) → items for [`stitch`](crate::tables::stitch).
//!
//! In: the decoded text of an export like `samples/lingbao-gxj-2025.txt`: prose, then each
//! table as a title line, 单位名称/单位 lines, and rows of tab-separated cells. Page breaks
//! show up as blank lines inside a table and as lines split mid-way ("单位：\n万元").
//! Out: the prose lines (for document metadata) and one
//! [`RawTable`](crate::tables::RawTable) per printed table.

pub mod encoding;

use crate::model::Warning;
use crate::normalize::normalize;
use crate::tables::stitch::{stitch, Block, Item, Stitched};

/// Finds the tables of a text export.
pub fn read_layout(text: &str, warnings: &mut Vec<Warning>) -> Stitched {
    let mut items: Vec<Item> = Vec::new();
    // A blank line inside a run of tab-separated rows is a page break, not the table's end.
    let mut open = false;
    for (i, line) in text.lines().enumerate() {
        if line.contains('\t') {
            let row: Vec<String> = line.split('\t').map(normalize).collect();
            match items.last_mut() {
                Some(Item::Block(b)) if open => b.rows.push(row),
                _ => items.push(Item::Block(Block {
                    rows: vec![row],
                    position: format!("line {}", i + 1),
                    ..Block::default()
                })),
            }
            open = true;
        } else {
            let l = normalize(line);
            if !l.is_empty() {
                open = false;
                items.push(Item::Line(l));
            }
        }
    }
    stitch(items, true, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_over_a_page_break_stays_one_table() {
        let text = "2025年部门收支总体情况表\n单位：万元\n收入\t\t支出\t\n项目\t金额\t项目\t金额\n\
                    一、\t1.00\t一、\t1.00\n\n二、\t2.00\t二、\t\n注：本表无数据\n";
        let mut w = Vec::new();
        let layout = read_layout(text, &mut w);
        assert_eq!(layout.tables.len(), 1);
        assert_eq!(layout.tables[0].grid.len(), 4);
        assert_eq!(layout.tables[0].notes, ["注：本表无数据"]);
        assert!(w.is_empty());
    }
}
