import CXML2

#if canImport(Glibc)
import Glibc
#endif

/// Turns an entry's HTML into the text a reader sees: paragraphs one per line, whitespace collapsed,
/// entities decoded, and nothing from scripts, styles, forms or embedded frames.
///
/// The HTML is read by libxml2's HTML parser (a recovering parser, so broken markup, unclosed tags and nested
/// tables come out as text in reading order) through its streaming SAX interface: no document tree is built,
/// which keeps extraction fast and its memory flat. The extractor never touches the network and never loads
/// external resources.
///
/// For example:
///
/// ```swift
/// TextExtractor().text(fromHTML: "<p>Hà&nbsp;Nội</p><script>x()</script><p>TP.HCM</p>")  // "Hà Nội\nTP.HCM"
/// ```
///
/// - Complexity: O(*n*) in the length of the HTML.
package struct TextExtractor: Sendable {
    /// Creates an extractor.
    package init() {}

    /// The visible text of an HTML fragment or document, with one line per block element.
    package func text(fromHTML html: String) -> String {
        var html = html
        return html.withUTF8 { text(fromHTML: $0) }
    }

    /// The visible text of UTF-8 encoded HTML, with one line per block element.
    package func text(fromHTML html: UnsafeBufferPointer<UInt8>) -> String {
        guard html.count > 0 else { return "" }
        let state = ExtractionState()
        // Plain text needs no parser: no tag and no entity can hide in it.
        if html.firstIndex(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "&") }) == nil {
            state.output.append(html)
            return state.output.finish()
        }
        HTMLSAXParser.parse(
            html,
            state: state,
            start: htmlStartElement,
            end: htmlEndElement,
            characters: htmlCharacters
        )
        return state.output.finish()
    }
}

extension TextExtractor {
    /// The text an article is matched and shown by: its content's, or its summary's when the content has none.
    package func articleText(content: String?, summary: String?) -> String {
        if let content {
            let text = self.text(fromHTML: content)
            if !text.isEmpty { return text }
        }
        return summary.map { self.text(fromHTML: $0) } ?? ""
    }
}

/// What the SAX callbacks of one extraction share: the text so far, and how deep inside skipped elements
/// (scripts, styles…) the parser is.
private final class ExtractionState {
    var output = TextAccumulator()
    var skipDepth = 0
}

private func extractionState(_ context: UnsafeMutableRawPointer?) -> ExtractionState {
    Unmanaged<ExtractionState>.fromOpaque(seams_xml_ctxt_private(context)!).takeUnretainedValue()
}

private func htmlStartElement(
    _ context: UnsafeMutableRawPointer?,
    _ name: UnsafePointer<xmlChar>?,
    _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
) {
    let state = extractionState(context)
    switch HTMLElementKind(name) {
    case .skipped: state.skipDepth += 1
    case .block: state.output.breakParagraph()
    case .lineBreak: state.output.breakParagraph()
    case .cell: state.output.space()
    case .inline: break
    }
}

private func htmlEndElement(_ context: UnsafeMutableRawPointer?, _ name: UnsafePointer<xmlChar>?) {
    let state = extractionState(context)
    switch HTMLElementKind(name) {
    case .skipped: state.skipDepth = max(0, state.skipDepth - 1)
    case .block: state.output.breakParagraph()
    case .cell: state.output.space()
    case .lineBreak, .inline: break
    }
}

private func htmlCharacters(_ context: UnsafeMutableRawPointer?, _ characters: UnsafePointer<xmlChar>?, _ length: Int32)
{
    let state = extractionState(context)
    guard state.skipDepth == 0, let characters, length > 0 else { return }
    state.output.append(UnsafeBufferPointer(start: characters, count: Int(length)))
}
