#if canImport(Glibc)
import Glibc
#endif
import CXML2

/// Turns an entry's HTML into the text a reader sees: paragraphs one per line, whitespace collapsed,
/// entities decoded, and nothing from scripts, styles, forms or embedded frames.
///
/// The HTML is parsed by libxml2's HTML parser (the same recovering parser browsers' predecessors used), so
/// broken markup, unclosed tags and nested tables come out as text in reading order. The extractor never
/// touches the network and never loads external resources.
///
/// For example:
///
/// ```swift
/// TextExtractor().text(fromHTML: "<p>Hà&nbsp;Nội</p><script>x()</script><p>TP.HCM</p>")  // "Hà Nội\nTP.HCM"
/// ```
///
/// - Complexity: O(*n*) in the length of the HTML.
public struct TextExtractor: Sendable {
    /// Creates an extractor.
    public init() {}

    /// The visible text of an HTML fragment or document, with one line per block element.
    public func text(fromHTML html: String) -> String {
        var html = html
        return html.withUTF8 { text(fromHTML: $0) }
    }

    /// The visible text of UTF-8 encoded HTML, with one line per block element.
    public func text(fromHTML html: UnsafeBufferPointer<UInt8>) -> String {
        guard let base = html.baseAddress, html.count > 0 else { return "" }
        var output = TextAccumulator()
        // Plain text needs no parser: no tag and no entity can hide in it.
        if html.firstIndex(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "&") }) == nil {
            output.append(html)
            return output.finish()
        }
        let options = Int32(
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue | HTML_PARSE_NOBLANKS.rawValue)
        let length = Int32(clamping: html.count)
        guard
            let document = base.withMemoryRebound(to: CChar.self, capacity: html.count, {
                htmlReadMemory($0, length, nil, "UTF-8", options)
            })
        else { return "" }
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document) else { return "" }
        walk(root, into: &output)
        return output.finish()
    }

    private func walk(_ root: xmlNodePtr, into output: inout TextAccumulator) {
        // An explicit stack: feed HTML can nest deeper than a thread's stack allows for recursion.
        var stack: [(node: xmlNodePtr, leaving: Bool)] = [(root, false)]
        while let (node, leaving) = stack.popLast() {
            if leaving {
                output.breakParagraph()
                continue
            }
            switch node.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = node.pointee.content {
                    output.append(UnsafeBufferPointer(start: content, count: strlen(content)))
                }
            case XML_ELEMENT_NODE:
                let kind = HTMLElementKind(node.pointee.name)
                switch kind {
                case .skipped: continue
                case .lineBreak:
                    output.breakParagraph()
                    continue
                case .cell: output.space()
                case .inline, .block: break
                }
                if kind == .block {
                    output.breakParagraph()
                    stack.append((node, true))
                }
                var children: [xmlNodePtr] = []
                var child = node.pointee.children
                while let current = child {
                    children.append(current)
                    child = current.pointee.next
                }
                for child in children.reversed() { stack.append((child, false)) }
            default:
                continue
            }
        }
    }
}

extension TextExtractor {
    /// The text an article is matched and shown by: its content's, or its summary's when the content has none.
    public func articleText(content: String?, summary: String?) -> String {
        if let content {
            let text = self.text(fromHTML: content)
            if !text.isEmpty { return text }
        }
        return summary.map { self.text(fromHTML: $0) } ?? ""
    }
}
