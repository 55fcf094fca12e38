import CXML2

#if canImport(Glibc)
import Glibc
#endif

/// How text extraction treats an HTML element, looked up by name without building a Swift string.
enum HTMLElementKind {
    /// Text flows on; a block starts and ends a line; a skipped element hides its text (only elements that have an
    /// end tag are skipped, so the parser always closes them); a line break; a table cell, separated by a space.
    case inline, block, skipped, lineBreak, cell

    private static let table: [UInt64: HTMLElementKind] = {
        var table: [UInt64: HTMLElementKind] = [:]
        let skipped = [
            "script", "style", "noscript", "template", "head", "iframe", "frameset", "object", "svg",
            "math", "canvas", "select", "button", "textarea", "audio", "video", "map", "title",
        ]
        let blocks = [
            "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "thead",
            "tbody", "tfoot", "caption", "blockquote", "pre", "section", "article", "header", "footer", "aside", "nav",
            "main", "figure", "figcaption", "hr", "address", "details", "summary", "center", "fieldset", "legend",
            "form",
            "body", "html",
        ]
        for name in skipped { table[key(Array(name.utf8))] = .skipped }
        for name in blocks { table[key(Array(name.utf8))] = .block }
        table[key(Array("br".utf8))] = .lineBreak
        table[key(Array("td".utf8))] = .cell
        table[key(Array("th".utf8))] = .cell
        return table
    }()

    /// FNV-1a over the name's bytes: names are few and short, so a 64-bit key does not collide in practice.
    private static func key<C: Collection>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte | 0x20)) &* 0x100_0000_01b3 }
        return hash
    }

    /// The kind of the element named by libxml2's NUL-terminated, lowercased tag name.
    init(_ name: UnsafePointer<xmlChar>?) {
        guard let name else {
            self = .inline
            return
        }
        let length = strlen(name)
        guard length <= 12 else {
            self = .inline
            return
        }
        self = Self.table[Self.key(UnsafeBufferPointer(start: name, count: length))] ?? .inline
    }
}
