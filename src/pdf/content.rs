//! The content-stream interpreter: runs a page's operators with the full graphics and text
//! state and emits glyphs (through the fonts) and ruling lines (through `paths`).
//!
//! Form XObjects are run in place with their `/Matrix` and `/Resources`; nesting deeper than
//! [`Limits::max_xobject_depth`] is an error (the interpreter recurses once per level), and a
//! form that is already running is not entered again (a cycle, cut with a warning). Every operator run counts against [`Limits::max_operators_per_page`].

use std::collections::HashMap;

use super::FastMap;
use std::rc::Rc;

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::font::{Decoded, Font};
use super::geometry::Matrix;
use super::lexer::{Lexer, Operand};
use super::objects::{self, decode_name, stream_data, StreamError};
use super::paths::PathBuilder;
use super::warnings::Warnings;
use super::{
    Glyph, GlyphText, Limits, PdfError, RulingLine, HARD_MAX_XOBJECT_DEPTH, WARN_CONTENT,
    WARN_FONT, WARN_OPERATOR, WARN_XOBJECT,
};

/// `q` nesting beyond this is ignored (a file with millions of `q` would otherwise grow the
/// state stack without bound).
const MAX_STATE_STACK: usize = 4096;
/// Marks this far outside the clipping box still count as inside (points; covers
/// rounding in clip rectangles drawn exactly on cell borders).
const CLIP_MARGIN: f64 = 1.0;
/// A colour component at or above this is white (gray / RGB).
const WHITE_LEVEL: f64 = 0.95;

/// Fonts of one document, loaded once per object id.
#[derive(Default)]
pub(crate) struct FontCache<'d> {
    by_id: FastMap<ObjectId, Rc<Font<'d>>>,
    /// Codes without a Unicode mapping per font name, with the first page seen.
    pub unmapped: HashMap<String, (usize, usize)>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum ColorSpace {
    Gray,
    Rgb,
    Cmyk,
    Other,
}

#[derive(Clone)]
struct GraphicsState<'d> {
    ctm: Matrix,
    line_width: f64,
    fill_space: ColorSpace,
    stroke_space: ColorSpace,
    fill_white: bool,
    stroke_white: bool,
    font: Option<Rc<Font<'d>>>,
    font_size: f64,
    char_spacing: f64,
    word_spacing: f64,
    h_scale: f64,
    leading: f64,
    rise: f64,
    /// Bounding box of the clipping path in display space (`None`: the whole page).
    clip: Option<(f64, f64, f64, f64)>,
}

/// What the interpreter produced for one page.
#[derive(Default)]
pub(crate) struct PageOutput {
    pub glyphs: Vec<Glyph>,
    pub lines: Vec<RulingLine>,
    /// Names of the fonts glyphs were shown in; `Glyph::font` indexes it.
    pub fonts: Vec<String>,
    /// Glyphs outside the clipping path.
    pub clipped: Vec<Glyph>,
}

impl PageOutput {
    fn font_id(&mut self, name: &str) -> u16 {
        if let Some(i) = self.fonts.iter().position(|f| f == name) {
            return u16::try_from(i).unwrap_or(u16::MAX);
        }
        self.fonts.push(name.to_string());
        u16::try_from(self.fonts.len() - 1).unwrap_or(u16::MAX)
    }
}

/// Runs content streams for one page.
pub(crate) struct Interpreter<'a, 'd> {
    doc: &'d Document,
    limits: &'a Limits,
    fonts: &'a mut FontCache<'d>,
    warnings: &'a mut Warnings,
    page: usize,
    operators: usize,
    gs: GraphicsState<'d>,
    stack: Vec<GraphicsState<'d>>,
    tm: Matrix,
    tlm: Matrix,
    path: PathBuilder,
    pending_clip: bool,
    forms: Vec<ObjectId>,
    decoded: Vec<Decoded>,
    pub out: PageOutput,
}

fn color_space_of(name: &[u8]) -> ColorSpace {
    match name {
        b"DeviceGray" | b"CalGray" | b"G" => ColorSpace::Gray,
        b"DeviceRGB" | b"CalRGB" | b"RGB" => ColorSpace::Rgb,
        b"DeviceCMYK" | b"CMYK" => ColorSpace::Cmyk,
        _ => ColorSpace::Other,
    }
}

fn is_white(space: ColorSpace, comps: &[f64]) -> bool {
    match (space, comps) {
        (ColorSpace::Gray, [g]) => *g >= WHITE_LEVEL,
        (ColorSpace::Rgb, [r, g, b]) => [r, g, b].iter().all(|v| **v >= WHITE_LEVEL),
        (ColorSpace::Cmyk, [c, m, y, k]) => [c, m, y, k].iter().all(|v| **v <= 0.01),
        _ => false,
    }
}

/// Numbers kept per operator: no operator reads more than six, and `sc`/`scn` with more
/// than four are not white whatever they hold.
const MAX_NUMBERS: usize = 8;

/// The numbers among an operator's top-level operands (others skipped, as before), the first
/// [`MAX_NUMBERS`] of them; `len` is capped there too, which no length test can tell apart.
struct Numbers {
    values: [f64; MAX_NUMBERS],
    len: usize,
}

impl Numbers {
    fn of(operands: &[Operand]) -> Numbers {
        let mut out = Numbers { values: [0.0; MAX_NUMBERS], len: 0 };
        for o in top_level(operands) {
            if let (Operand::Number(v), Some(slot)) = (o, out.values.get_mut(out.len)) {
                *slot = *v;
                out.len += 1;
            }
        }
        out
    }

    fn as_slice(&self) -> &[f64] {
        self.values.get(..self.len).unwrap_or_default()
    }
}

/// Operands at the top level: an array counts as one, its elements are skipped.
fn top_level(operands: &[Operand]) -> impl Iterator<Item = &Operand> {
    let mut i = 0;
    std::iter::from_fn(move || {
        let o = operands.get(i)?;
        i = match o {
            Operand::Array { end } => (*end).max(i + 1),
            _ => i + 1,
        };
        Some(o)
    })
}

fn nth(operands: &[Operand], i: usize) -> Option<&Operand> {
    top_level(operands).nth(i)
}

impl<'a, 'd> Interpreter<'a, 'd> {
    /// `device` maps the page's user space to display space.
    pub fn new(
        doc: &'d Document,
        limits: &'a Limits,
        fonts: &'a mut FontCache<'d>,
        warnings: &'a mut Warnings,
        page: usize,
        device: Matrix,
    ) -> Interpreter<'a, 'd> {
        Interpreter {
            doc,
            limits,
            fonts,
            warnings,
            page,
            operators: 0,
            gs: GraphicsState {
                ctm: device,
                line_width: 1.0,
                fill_space: ColorSpace::Gray,
                stroke_space: ColorSpace::Gray,
                fill_white: false,
                stroke_white: false,
                font: None,
                font_size: 0.0,
                char_spacing: 0.0,
                word_spacing: 0.0,
                h_scale: 1.0,
                leading: 0.0,
                rise: 0.0,
                clip: None,
            },
            stack: Vec::new(),
            tm: Matrix::IDENTITY,
            tlm: Matrix::IDENTITY,
            path: PathBuilder::default(),
            pending_clip: false,
            forms: Vec::new(),
            decoded: Vec::new(),
            out: PageOutput::default(),
        }
    }

    fn warn(&mut self, code: &'static str, message: String) {
        self.warnings.push(code, message, Some(self.page));
    }

    /// Runs a page's content (already concatenated) with the page's resources.
    pub fn run_page(
        &mut self,
        data: &[u8],
        resources: Option<&'d Dictionary>,
    ) -> Result<(), PdfError> {
        self.run(data, "page content", resources, 0)
    }

    /// Runs one content stream operator by operator as the lexer reads it, so a stream is
    /// never held as a list of operations: a 256 MiB stream of `q` is stopped by the operator
    /// limit after `max_operators_per_page` of them. A stream that cannot be read further
    /// keeps what came before, with a warning.
    fn run(
        &mut self,
        data: &[u8],
        what: &str,
        resources: Option<&'d Dictionary>,
        depth: usize,
    ) -> Result<(), PdfError> {
        let mut lexer = Lexer::new(data);
        loop {
            match lexer.next_operator() {
                Ok(Some(op)) => {
                    self.count(1)?;
                    self.operation(op, &lexer, resources, depth)?;
                }
                Ok(None) => return Ok(()),
                Err(e) => {
                    self.warn(
                        WARN_CONTENT,
                        format!("{what}: content stream parse error ({e}); rest skipped"),
                    );
                    return Ok(());
                }
            }
        }
    }

    /// Counts `n` operators (or shown glyphs) against the page's limit.
    fn count(&mut self, n: usize) -> Result<(), PdfError> {
        self.operators = self.operators.saturating_add(n);
        let max = self.limits.max_operators_per_page;
        if self.operators > max {
            return Err(PdfError::LimitExceeded {
                limit: "max_operators_per_page",
                value: self.operators,
                max,
            });
        }
        Ok(())
    }

    fn operation(
        &mut self,
        op: &[u8],
        lexer: &Lexer,
        resources: Option<&'d Dictionary>,
        depth: usize,
    ) -> Result<(), PdfError> {
        let operands = lexer.operands();
        let nums = Numbers::of(operands);
        let n = nums.as_slice();
        let m = |i: usize| n.get(i).copied().unwrap_or(0.0);
        let name = |i: usize| match nth(operands, i) {
            Some(Operand::Name(b)) => Some(lexer.bytes(*b)),
            _ => None,
        };
        let string = |i: usize| match nth(operands, i) {
            Some(Operand::Str(b)) => Some(lexer.bytes(*b)),
            _ => None,
        };
        match op {
            // Graphics state.
            b"q" => {
                if self.stack.len() < MAX_STATE_STACK {
                    self.stack.push(self.gs.clone());
                }
            }
            b"Q" => {
                if let Some(gs) = self.stack.pop() {
                    self.gs = gs;
                }
            }
            b"cm" if n.len() == 6 => {
                let cm = Matrix::new(m(0), m(1), m(2), m(3), m(4), m(5));
                let ctm = cm.then(&self.gs.ctm);
                if ctm.is_finite() {
                    self.gs.ctm = ctm;
                }
            }
            b"w" if !n.is_empty() => self.gs.line_width = m(0).abs(),
            b"gs" => self.ext_gstate(name(0), resources),
            b"J" | b"j" | b"M" | b"d" | b"ri" | b"i" => {}
            // Colour.
            b"g" => {
                self.gs.fill_space = ColorSpace::Gray;
                self.gs.fill_white = is_white(ColorSpace::Gray, n);
            }
            b"G" => {
                self.gs.stroke_space = ColorSpace::Gray;
                self.gs.stroke_white = is_white(ColorSpace::Gray, n);
            }
            b"rg" => {
                self.gs.fill_space = ColorSpace::Rgb;
                self.gs.fill_white = is_white(ColorSpace::Rgb, n);
            }
            b"RG" => {
                self.gs.stroke_space = ColorSpace::Rgb;
                self.gs.stroke_white = is_white(ColorSpace::Rgb, n);
            }
            b"k" => {
                self.gs.fill_space = ColorSpace::Cmyk;
                self.gs.fill_white = is_white(ColorSpace::Cmyk, n);
            }
            b"K" => {
                self.gs.stroke_space = ColorSpace::Cmyk;
                self.gs.stroke_white = is_white(ColorSpace::Cmyk, n);
            }
            b"cs" => {
                self.gs.fill_space = self.color_space(name(0), resources);
                self.gs.fill_white = false;
            }
            b"CS" => {
                self.gs.stroke_space = self.color_space(name(0), resources);
                self.gs.stroke_white = false;
            }
            b"sc" | b"scn" => self.gs.fill_white = is_white(self.gs.fill_space, n),
            b"SC" | b"SCN" => self.gs.stroke_white = is_white(self.gs.stroke_space, n),
            // Path construction.
            b"m" if n.len() >= 2 => self.path.move_to(&self.gs.ctm, m(0), m(1)),
            b"l" if n.len() >= 2 => self.path.line_to(&self.gs.ctm, m(0), m(1)),
            b"c" if n.len() >= 6 => self.path.curve_to(&self.gs.ctm, m(4), m(5)),
            b"v" | b"y" if n.len() >= 4 => self.path.curve_to(&self.gs.ctm, m(2), m(3)),
            b"h" => self.path.close(),
            b"re" if n.len() >= 4 => self.path.rect(&self.gs.ctm, m(0), m(1), m(2), m(3)),
            // Path painting.
            b"S" => self.paint(true, false, false),
            b"s" => self.paint(true, false, true),
            b"f" | b"F" | b"f*" => self.paint(false, true, false),
            b"B" | b"B*" => self.paint(true, true, false),
            b"b" | b"b*" => self.paint(true, true, true),
            b"n" => {
                self.apply_clip();
                self.path.clear();
            }
            b"W" | b"W*" => self.pending_clip = true,
            // Text objects and state.
            b"BT" => {
                self.tm = Matrix::IDENTITY;
                self.tlm = Matrix::IDENTITY;
            }
            b"ET" => {}
            b"Tc" if !n.is_empty() => self.gs.char_spacing = m(0),
            b"Tw" if !n.is_empty() => self.gs.word_spacing = m(0),
            b"Tz" if !n.is_empty() => self.gs.h_scale = m(0) / 100.0,
            b"TL" if !n.is_empty() => self.gs.leading = m(0),
            b"Ts" if !n.is_empty() => self.gs.rise = m(0),
            b"Tr" => {}
            b"Tf" => self.set_font(name(0), nth(operands, 1), resources),
            b"Td" if n.len() >= 2 => self.next_line(m(0), m(1)),
            b"TD" if n.len() >= 2 => {
                self.gs.leading = -m(1);
                self.next_line(m(0), m(1));
            }
            b"Tm" if n.len() >= 6 => {
                let tm = Matrix::new(m(0), m(1), m(2), m(3), m(4), m(5));
                if tm.is_finite() {
                    self.tm = tm;
                    self.tlm = tm;
                }
            }
            b"T*" => self.next_line(0.0, -self.gs.leading),
            b"Tj" => {
                if let Some(s) = string(0) {
                    self.show(s)?;
                }
            }
            b"'" => {
                self.next_line(0.0, -self.gs.leading);
                if let Some(s) = string(0) {
                    self.show(s)?;
                }
            }
            b"\"" => {
                self.gs.word_spacing = m(0);
                self.gs.char_spacing = m(1);
                self.next_line(0.0, -self.gs.leading);
                if let Some(s) = string(2) {
                    self.show(s)?;
                }
            }
            b"TJ" => {
                if let Some(Operand::Array { end }) = operands.first() {
                    let items = operands.get(1..*end).unwrap_or_default();
                    for item in top_level(items) {
                        match item {
                            Operand::Str(s) => self.show(lexer.bytes(*s))?,
                            Operand::Number(adj) => self.adjust(*adj),
                            _ => {}
                        }
                    }
                }
            }
            // XObjects.
            b"Do" => self.do_xobject(name(0), resources, depth)?,
            // Ignored on purpose: images, shadings, marked content, Type3 metrics, compatibility.
            b"BI" | b"ID" | b"EI" | b"sh" | b"BMC" | b"BDC" | b"EMC" | b"MP" | b"DP" | b"d0"
            | b"d1" | b"BX" | b"EX" => {}
            b"cm" | b"w" | b"m" | b"l" | b"c" | b"v" | b"y" | b"re" | b"Tc" | b"Tw" | b"Tz"
            | b"TL" | b"Ts" | b"Td" | b"TD" | b"Tm" => {
                let op = String::from_utf8_lossy(op);
                self.warn(WARN_OPERATOR, format!("operator {op} with too few operands"));
            }
            other => {
                let name: String = String::from_utf8_lossy(other).chars().take(16).collect();
                self.warn(WARN_OPERATOR, format!("unknown operator {name:?} ignored"));
            }
        }
        Ok(())
    }

    /// Intersects the clip box with the current path's box after `W`/`W*`.
    fn apply_clip(&mut self) {
        if !std::mem::take(&mut self.pending_clip) {
            return;
        }
        let Some((x0, y0, x1, y1)) = self.path.bbox() else {
            return;
        };
        let clip = match self.gs.clip {
            Some((a0, b0, a1, b1)) => (x0.max(a0), y0.max(b0), x1.min(a1), y1.min(b1)),
            None => (x0, y0, x1, y1),
        };
        self.gs.clip = Some(clip);
    }

    fn in_clip(&self, x: f64, y: f64) -> bool {
        self.gs.clip.is_none_or(|(x0, y0, x1, y1)| {
            x >= x0 - CLIP_MARGIN
                && x <= x1 + CLIP_MARGIN
                && y >= y0 - CLIP_MARGIN
                && y <= y1 + CLIP_MARGIN
        })
    }

    fn paint(&mut self, stroke: bool, fill: bool, close: bool) {
        self.apply_clip();
        let width =
            (stroke && !self.gs.stroke_white).then(|| self.gs.line_width * self.gs.ctm.scale());
        let fill = fill && !self.gs.fill_white;
        let first_new = self.out.lines.len();
        self.path.paint(width, fill, close, &mut self.out.lines);
        if let Some((cx0, cy0, cx1, cy1)) = self.gs.clip {
            let mut kept = first_new;
            for i in first_new..self.out.lines.len() {
                let visible = self.out.lines.get(i).is_some_and(|l| {
                    l.x1 >= cx0 - CLIP_MARGIN
                        && l.x0 <= cx1 + CLIP_MARGIN
                        && l.y1 >= cy0 - CLIP_MARGIN
                        && l.y0 <= cy1 + CLIP_MARGIN
                });
                if visible {
                    self.out.lines.swap(kept, i);
                    kept += 1;
                }
            }
            self.out.lines.truncate(kept);
        }
    }

    fn resource<'r>(
        &self,
        resources: Option<&'r Dictionary>,
        kind: &[u8],
        name: &[u8],
    ) -> Option<&'r Object>
    where
        'd: 'r,
    {
        let dict = objects::get_dict(self.doc, resources?, kind)?;
        dict.get(name).ok()
    }

    fn color_space(&self, name: Option<&[u8]>, resources: Option<&'d Dictionary>) -> ColorSpace {
        let Some(name) = name else {
            return ColorSpace::Other;
        };
        let direct = color_space_of(name);
        if direct != ColorSpace::Other || name == b"Pattern" {
            return direct;
        }
        let Some(obj) = self.resource(resources, b"ColorSpace", name) else {
            return ColorSpace::Other;
        };
        match objects::resolve(self.doc, obj) {
            Some(Object::Name(n)) => color_space_of(n),
            Some(Object::Array(arr)) => match arr.first() {
                Some(Object::Name(kind)) if kind == b"ICCBased" => {
                    let n = arr
                        .get(1)
                        .and_then(|o| objects::resolve(self.doc, o))
                        .and_then(objects::as_dict)
                        .and_then(|d| objects::get_number(self.doc, d, b"N"));
                    match n {
                        Some(1.0) => ColorSpace::Gray,
                        Some(3.0) => ColorSpace::Rgb,
                        Some(4.0) => ColorSpace::Cmyk,
                        _ => ColorSpace::Other,
                    }
                }
                Some(Object::Name(kind)) => color_space_of(kind),
                _ => ColorSpace::Other,
            },
            _ => ColorSpace::Other,
        }
    }

    fn ext_gstate(&mut self, name: Option<&[u8]>, resources: Option<&'d Dictionary>) {
        let Some(name) = name else {
            return;
        };
        let Some(obj) = self.resource(resources, b"ExtGState", name) else {
            return;
        };
        let Some(dict) = objects::resolve(self.doc, obj).and_then(objects::as_dict) else {
            return;
        };
        if let Some(lw) = objects::get_number(self.doc, dict, b"LW") {
            self.gs.line_width = lw.abs();
        }
        if let Some(font) = objects::get_array(self.doc, dict, b"Font") {
            if let (Some(Object::Reference(id)), Some(size)) =
                (font.first(), font.get(1).and_then(objects::number))
            {
                self.gs.font = self.font_by_id(*id);
                self.gs.font_size = size;
            }
        }
    }

    fn font_by_id(&mut self, id: ObjectId) -> Option<Rc<Font<'d>>> {
        if let Some(f) = self.fonts.by_id.get(&id) {
            return Some(f.clone());
        }
        let dict = self.doc.objects.get(&id).and_then(objects::as_dict)?;
        let font = Rc::new(Font::load(self.doc, dict, self.limits.max_decompressed_stream));
        self.report_font_problems(&font);
        self.fonts.by_id.insert(id, font.clone());
        Some(font)
    }

    fn report_font_problems(&mut self, font: &Font) {
        for p in &font.problems {
            self.warn(WARN_FONT, format!("font {}: {p}", font.name));
        }
    }

    fn set_font(
        &mut self,
        name: Option<&[u8]>,
        size: Option<&Operand>,
        resources: Option<&'d Dictionary>,
    ) {
        if let Some(Operand::Number(size)) = size {
            self.gs.font_size = *size;
        }
        let Some(name) = name else {
            return;
        };
        let font = match self.resource(resources, b"Font", name) {
            Some(Object::Reference(id)) => self.font_by_id(*id),
            Some(Object::Dictionary(d)) => {
                let font = Rc::new(Font::load(self.doc, d, self.limits.max_decompressed_stream));
                self.report_font_problems(&font);
                Some(font)
            }
            _ => None,
        };
        if font.is_none() {
            self.warn(WARN_FONT, format!("font /{} not found in the resources", decode_name(name)));
        }
        self.gs.font = font;
    }

    fn next_line(&mut self, tx: f64, ty: f64) {
        self.tlm = Matrix::translate(tx, ty).then(&self.tlm);
        self.tm = self.tlm;
    }

    /// A number in a `TJ` array: moves the text position against the writing direction.
    fn adjust(&mut self, adj: f64) {
        let d = -adj / 1000.0 * self.gs.font_size;
        let vertical = self.gs.font.as_ref().is_some_and(|f| f.vertical);
        let t = if vertical {
            Matrix::translate(0.0, d)
        } else {
            Matrix::translate(d * self.gs.h_scale, 0.0)
        };
        self.tm = t.then(&self.tm);
    }

    /// Shows a string: one glyph per code, each counted as an operator. A string is never
    /// decoded whole when it could hold more glyphs than the page may still show (it has at
    /// most one per byte), so one 256 MiB `Tj` cannot become 256 million glyphs.
    fn show(&mut self, bytes: &[u8]) -> Result<(), PdfError> {
        let Some(font) = self.gs.font.clone() else {
            self.warn(WARN_FONT, "text shown with no font selected; skipped".to_string());
            return Ok(());
        };
        let max = self.limits.max_operators_per_page;
        let at_most = self.operators.saturating_add(bytes.len());
        if at_most > max {
            return Err(PdfError::LimitExceeded {
                limit: "max_operators_per_page",
                value: at_most,
                max,
            });
        }
        let mut decoded = std::mem::take(&mut self.decoded);
        font.decode(bytes, &mut decoded);
        self.count(decoded.len())?;
        let gs = &self.gs;
        let (fs, th) = (gs.font_size, gs.h_scale);
        let base = Matrix::new(fs * th, 0.0, 0.0, fs, 0.0, gs.rise);
        let user_to_device = gs.ctm;
        let mut unmapped = 0usize;
        let font_id = self.out.font_id(&font.name);
        for d in decoded.drain(..) {
            let trm = base.then(&self.tm).then(&user_to_device);
            let w = d.width / 1000.0;
            let no_mapping = d.text.is_none();
            let text = d.text.unwrap_or_else(|| {
                unmapped += 1;
                GlyphText::from_char('\u{FFFD}')
            });
            if !text.is_empty() {
                let corners = if font.vertical {
                    [(-0.5, -1.0), (0.5, -1.0), (-0.5, 0.0), (0.5, 0.0)]
                } else {
                    [(0.0, -0.12), (w, -0.12), (0.0, 0.88), (w, 0.88)]
                };
                let pts = corners.map(|(x, y)| trm.apply(x, y));
                let (x0, x1) = pts
                    .iter()
                    .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| (a.min(p.0), b.max(p.0)));
                let (y0, y1) = pts
                    .iter()
                    .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| (a.min(p.1), b.max(p.1)));
                let (dx, dy) = trm.apply_vector(1.0, 0.0);
                let (ux, uy) = trm.apply_vector(0.0, 1.0);
                let upright = dx > 0.0 && dy.abs() <= 0.1 * dx && uy < 0.0 && ux.abs() <= 0.5 * -uy;
                let size = ux.hypot(uy);
                let visible = self.in_clip((x0 + x1) / 2.0, (y0 + y1) / 2.0);
                if [x0, x1, y0, y1, size].iter().all(|v| v.is_finite()) {
                    let glyph = Glyph {
                        text,
                        x0,
                        y0,
                        x1,
                        y1,
                        size,
                        upright,
                        font: font_id,
                        unmapped: no_mapping,
                    };
                    if visible {
                        self.out.glyphs.push(glyph);
                    } else {
                        self.out.clipped.push(glyph);
                    }
                }
            }
            let spacing = gs.char_spacing + if d.is_space { gs.word_spacing } else { 0.0 };
            let t = if font.vertical {
                Matrix::translate(0.0, -(w * fs + spacing))
            } else {
                Matrix::translate((w * fs + spacing) * th, 0.0)
            };
            self.tm = t.then(&self.tm);
        }
        self.decoded = decoded;
        if unmapped > 0 {
            let entry = self.fonts.unmapped.entry(font.name.clone()).or_insert((0, self.page));
            entry.0 += unmapped;
        }
        Ok(())
    }

    fn do_xobject(
        &mut self,
        name: Option<&[u8]>,
        resources: Option<&'d Dictionary>,
        depth: usize,
    ) -> Result<(), PdfError> {
        let Some(name) = name else {
            return Ok(());
        };
        let Some(obj) = self.resource(resources, b"XObject", name) else {
            self.warn(
                WARN_XOBJECT,
                format!("XObject /{} not found in the resources", decode_name(name)),
            );
            return Ok(());
        };
        let id = match obj {
            Object::Reference(id) => Some(*id),
            _ => None,
        };
        let Some(Object::Stream(stream)) = objects::resolve(self.doc, obj) else {
            return Ok(());
        };
        if stream.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form") {
            return Ok(());
        }
        let label = decode_name(name);
        // Cycles first: a form drawing itself is a producer bug worth a warning, not a limit.
        if let Some(id) = id {
            if self.forms.contains(&id) {
                self.warn(WARN_XOBJECT, format!("Form XObject /{label} draws itself; cycle cut"));
                return Ok(());
            }
        }
        // The interpreter recurses once per level, so the depth is bounded before recursing.
        let max_depth = self.limits.max_xobject_depth.min(HARD_MAX_XOBJECT_DEPTH);
        if depth + 1 > max_depth {
            return Err(PdfError::LimitExceeded {
                limit: "max_xobject_depth",
                value: depth + 1,
                max: max_depth,
            });
        }
        let data = match stream_data(stream, self.limits.max_decompressed_stream) {
            Ok(d) => d,
            Err(StreamError::Undecodable(e)) => {
                self.warn(WARN_XOBJECT, format!("Form XObject /{label} undecodable: {e}"));
                return Ok(());
            }
            Err(e) => return Err(e.into_pdf_error(self.limits)),
        };
        let form_resources = objects::get_dict(self.doc, &stream.dict, b"Resources").or(resources);
        let matrix = objects::get_array(self.doc, &stream.dict, b"Matrix")
            .and_then(|a| <[f64; 6]>::try_from(objects::numbers(self.doc, a)).ok())
            .map_or(Matrix::IDENTITY, |[a, b, c, d, e, f]| Matrix::new(a, b, c, d, e, f));
        let saved = (self.gs.clone(), self.stack.len(), self.tm, self.tlm);
        let ctm = matrix.then(&self.gs.ctm);
        if ctm.is_finite() {
            self.gs.ctm = ctm;
        }
        if let Some(id) = id {
            self.forms.push(id);
        }
        let result = self.run(&data, &format!("Form XObject /{label}"), form_resources, depth + 1);
        if id.is_some() {
            self.forms.pop();
        }
        self.gs = saved.0;
        self.stack.truncate(saved.1);
        self.tm = saved.2;
        self.tlm = saved.3;
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{dictionary, Stream};

    fn run(
        content: &[u8],
        doc: &Document,
        resources: Option<&Dictionary>,
    ) -> (PageOutput, Vec<super::super::PdfWarning>) {
        let limits = Limits::default();
        let mut fonts = FontCache::default();
        let mut warnings = Warnings::default();
        // Portrait A4, rotate 0: display y = 842 - user y.
        let device = Matrix::new(1.0, 0.0, 0.0, -1.0, 0.0, 842.0);
        let mut it = Interpreter::new(doc, &limits, &mut fonts, &mut warnings, 1, device);
        it.run_page(content, resources).expect("runs"); // ok: test
        let out = std::mem::take(&mut it.out);
        (out, warnings.finish())
    }

    fn helvetica_doc() -> (Document, Dictionary) {
        let mut doc = Document::with_version("1.7");
        let font = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
            "Encoding" => "WinAnsiEncoding",
        });
        let res = dictionary! { "Font" => dictionary! { "F1" => Object::Reference(font) } };
        (doc, res)
    }

    #[test]
    fn text_positions_and_operators() {
        let (doc, res) = helvetica_doc();
        let content = b"BT /F1 10 Tf 100 700 Td (AB) Tj 0 -20 TD (C) ' [(D) -1000 (E)] TJ 12 TL T* 2 1 (F) \" ET";
        let (out, warnings) = run(content, &doc, Some(&res));
        assert!(warnings.is_empty(), "{warnings:?}");
        let text: String = out.glyphs.iter().map(|g| g.text.as_str()).collect();
        assert_eq!(text, "ABCDEF");
        let a = &out.glyphs[0];
        assert!((a.x0 - 100.0).abs() < 1e-6 && (a.x1 - 106.67).abs() < 1e-6);
        assert!((a.y0 - (142.0 - 8.8)).abs() < 1e-6 && (a.y1 - 143.2).abs() < 1e-6);
        assert!(a.upright && (a.size - 10.0).abs() < 1e-9);
        // ' moved down by the leading set by TD (20) from the second line.
        let c = &out.glyphs[2];
        assert!(
            (c.x0 - 100.0).abs() < 1e-6 && ((c.y1 - c.size * 0.12) - (842.0 - 660.0)).abs() < 1e-6
        );
        // TJ -1000 moves right by one em.
        let (d, e) = (&out.glyphs[3], &out.glyphs[4]);
        assert!((e.x0 - d.x1 - 10.0).abs() < 1e-6);
    }

    #[test]
    fn rotated_text_is_not_upright() {
        let (doc, res) = helvetica_doc();
        let (out, _) = run(b"BT /F1 10 Tf 0 1 -1 0 100 100 Tm (A) Tj ET", &doc, Some(&res));
        assert_eq!(out.glyphs.len(), 1);
        assert!(!out.glyphs[0].upright);
    }

    #[test]
    fn lines_from_strokes_and_fills_but_not_white() {
        let doc = Document::with_version("1.7");
        let content =
            b"0.5 w 0 0 0 RG 10 10 m 200 10 l S 1 1 1 rg 10 20 200 0.5 re f 0 g 10 30 200 0.5 re f
2 0 0 2 0 0 cm 10 100 50 20 re S";
        let (out, _) = run(content, &doc, None);
        assert_eq!(out.lines.len(), 1 + 1 + 4);
        assert!((out.lines[0].y0 - 832.0).abs() < 1e-9 && out.lines[0].width == 0.5);
        assert!(out.lines[2..].iter().all(|l| (l.width - 1.0).abs() < 1e-9));
    }

    #[test]
    fn form_xobjects_use_matrix_and_cycles_are_cut() {
        let mut doc = Document::with_version("1.7");
        let form_id = doc.new_object_id();
        let form = Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Form",
                "Matrix" => vec![1.into(), 0.into(), 0.into(), 1.into(), 100.into(), 0.into()],
                "Resources" => dictionary! { "XObject" => dictionary! { "X" => Object::Reference(form_id) } },
            },
            b"0 0 m 50 0 l S /X Do".to_vec(),
        );
        doc.objects.insert(form_id, Object::Stream(form));
        let res = dictionary! { "XObject" => dictionary! { "X" => Object::Reference(form_id) } };
        let (out, warnings) = run(b"/X Do", &doc, Some(&res));
        assert_eq!(out.lines.len(), 1);
        assert!((out.lines[0].x0 - 100.0).abs() < 1e-9);
        assert!(warnings.iter().any(|w| w.code == WARN_XOBJECT));
    }

    #[test]
    fn xobject_nesting_over_the_limit_is_an_error_naming_it() {
        // Forms 1 → 2 → 3 → …, each drawing the next: a chain, not a cycle.
        let mut doc = Document::with_version("1.7");
        let ids: Vec<ObjectId> = (0..5).map(|_| doc.new_object_id()).collect();
        for (i, id) in ids.iter().enumerate() {
            let next = ids.get(i + 1).copied().unwrap_or(*id);
            let form = Stream::new(
                dictionary! {
                    "Subtype" => "Form",
                    "Resources" => dictionary! { "XObject" => dictionary! { "X" => Object::Reference(next) } },
                },
                if i + 1 < ids.len() { b"/X Do".to_vec() } else { b"0 0 m 1 0 l S".to_vec() },
            );
            doc.objects.insert(*id, Object::Stream(form));
        }
        let res = dictionary! { "XObject" => dictionary! { "X" => Object::Reference(ids[0]) } };
        let limits = Limits { max_xobject_depth: 3, ..Limits::default() };
        let mut fonts = FontCache::default();
        let mut warnings = Warnings::default();
        let mut it =
            Interpreter::new(&doc, &limits, &mut fonts, &mut warnings, 1, Matrix::IDENTITY);
        let err = it.run_page(b"/X Do", Some(&res)).err();
        assert!(
            matches!(
                err,
                Some(PdfError::LimitExceeded { limit: "max_xobject_depth", value: 4, max: 3 })
            ),
            "{err:?}"
        );
        let msg = err.map(|e| e.to_string()).unwrap_or_default();
        assert!(msg.contains("--max-xobject-depth"), "{msg}");
        // Five levels fit in the default limit.
        let (out, _) = run(b"/X Do", &doc, Some(&res));
        assert_eq!(out.lines.len(), 1);
    }

    #[test]
    fn operator_limit_is_an_error() {
        let doc = Document::with_version("1.7");
        let limits = Limits { max_operators_per_page: 3, ..Limits::default() };
        let mut fonts = FontCache::default();
        let mut warnings = Warnings::default();
        let mut it =
            Interpreter::new(&doc, &limits, &mut fonts, &mut warnings, 1, Matrix::IDENTITY);
        let err = it.run_page(b"q Q q Q q Q", None);
        assert!(matches!(
            err,
            Err(PdfError::LimitExceeded { limit: "max_operators_per_page", .. })
        ));
        // Parsing stops at the limit: a huge stream is not turned into a huge vector first.
        let huge = b"q ".repeat(1_000_000);
        let mut it =
            Interpreter::new(&doc, &limits, &mut fonts, &mut warnings, 1, Matrix::IDENTITY);
        let err = it.run_page(&huge, None);
        assert!(matches!(err, Err(PdfError::LimitExceeded { value: 4, max: 3, .. })), "{err:?}");
    }

    #[test]
    fn shown_glyphs_count_against_the_operator_limit() {
        let (doc, res) = helvetica_doc();
        let limits = Limits { max_operators_per_page: 100, ..Limits::default() };
        let mut fonts = FontCache::default();
        let mut warnings = Warnings::default();
        let mut it =
            Interpreter::new(&doc, &limits, &mut fonts, &mut warnings, 1, Matrix::IDENTITY);
        // 4 operators and 90 glyphs fit; 4 operators and 200 glyphs do not.
        let fits = format!("BT /F1 10 Tf ({}) Tj ET", "A".repeat(90));
        assert!(it.run_page(fits.as_bytes(), Some(&res)).is_ok());
        let mut it =
            Interpreter::new(&doc, &limits, &mut fonts, &mut warnings, 1, Matrix::IDENTITY);
        let over = format!("BT /F1 10 Tf ({}) Tj ET", "A".repeat(200));
        let err = it.run_page(over.as_bytes(), Some(&res));
        assert!(matches!(
            err,
            Err(PdfError::LimitExceeded { limit: "max_operators_per_page", .. })
        ));
    }

    #[test]
    fn junk_content_does_not_panic() {
        let doc = Document::with_version("1.7");
        let (_, warnings) = run(b"BT Tj TJ ' \" Tf Tm cm re Do (unterminated", &doc, None);
        assert!(!warnings.is_empty());
        let (out, _) = run(b"q q q Q Q Q Q Q Q 1 0 0 0 0 0 cm 0 0 m 1e308 0 l S", &doc, None);
        assert!(out.lines.iter().all(|l| l.x1.is_finite()));
    }
}
