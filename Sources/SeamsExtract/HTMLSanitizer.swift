import CXML2

#if canImport(Glibc)
import Glibc
#endif

/// Makes article HTML from a feed safe to place in a page or an exported feed: only an allowlist of
/// elements and attributes survives, everything else is dropped or reduced to its text.
///
/// Scripts, styles, frames, objects, forms and their content are removed; event handlers (`on…`), `style`
/// and every attribute not on the list are dropped; `href` and `src` keep only `http`, `https`, `mailto`
/// (links only) and relative URLs, so `javascript:` and `data:` URLs — however they are spelled with entities,
/// case or control characters — never survive. Links get `rel="nofollow noopener noreferrer"`. Text is
/// re-escaped, so the output is well-formed HTML whatever the input was.
///
/// The HTML is read by libxml2's recovering HTML parser through its SAX interface, as ``TextExtractor`` does:
/// no network, no external entities, no tree.
///
/// For example:
///
/// ```swift
/// HTMLSanitizer().sanitize(#"<p onclick="x()">Hi<script>steal()</script> <a href="javascript:x()">you</a></p>"#)
/// // "<p>Hi <a rel=\"nofollow noopener noreferrer\">you</a></p>"
/// ```
package struct HTMLSanitizer: Sendable {
    /// Creates a sanitizer with Seams' allowlist.
    package init() {}

    /// The HTML with everything outside the allowlist removed.
    package func sanitize(_ html: String) -> String {
        var html = html
        return html.withUTF8 { sanitize($0) }
    }

    /// The UTF-8 encoded HTML with everything outside the allowlist removed.
    package func sanitize(_ html: UnsafeBufferPointer<UInt8>) -> String {
        guard html.count > 0 else { return "" }
        let state = SanitizerState()
        HTMLSAXParser.parse(
            html,
            state: state,
            options: Int32(HTML_PARSE_NOIMPLIED.rawValue),
            start: sanitizerStartElement,
            end: sanitizerEndElement,
            characters: sanitizerCharacters
        )
        return state.finish()
    }
}

/// The allowlist: elements kept (with the attributes each may carry), and elements removed with their content.
enum SanitizerPolicy {
    static let common: Set<String> = ["title", "lang", "dir"]
    static let elements: [String: Set<String>] = {
        var elements: [String: Set<String>] = [
            "a": ["href"], "img": ["src", "alt", "width", "height"], "td": ["colspan", "rowspan"],
            "th": ["colspan", "rowspan", "scope"], "ol": ["start"], "time": ["datetime"], "blockquote": [], "q": [],
        ]
        let plain = [
            "p", "br", "hr", "b", "strong", "i", "em", "u", "s", "sub", "sup", "small", "mark", "ul", "li", "dl", "dt",
            "dd", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "code", "figure", "figcaption", "table", "thead", "tbody",
            "tfoot", "tr", "caption", "span", "div", "abbr", "cite", "section", "article", "aside", "header", "footer",
        ]
        for name in plain { elements[name] = [] }
        return elements.mapValues { $0.union(common) }
    }()
    /// Elements whose content is never shown: code, styling, embedded documents, forms.
    static let removedWithContent: Set<String> = [
        "script", "style", "noscript", "template", "iframe", "frame", "frameset", "object", "embed", "applet", "svg",
        "math", "canvas", "form", "input", "button", "select", "textarea", "option", "audio", "video", "source",
        "track",
        "link", "meta", "base", "head", "title", "xml", "param", "portal", "dialog",
    ]
    static let voidElements: Set<String> = ["br", "hr", "img"]

    /// The URL if it is safe to keep in `href` (`forLink`) or `src`: relative, or one of the allowed schemes.
    static func safeURL(_ value: String, forLink: Bool) -> String? {
        // Browsers ignore control characters and whitespace inside a scheme; so must the check.
        let compact = String(value.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F })
        guard !compact.isEmpty else { return nil }
        let lowered = compact.lowercased()
        if let colon = lowered.firstIndex(of: ":") {
            let beforeColon = lowered[..<colon]
            if !beforeColon.contains(where: { "/?#".contains($0) }) {
                let allowed: Set<Substring> = forLink ? ["http", "https", "mailto"] : ["http", "https"]
                guard allowed.contains(beforeColon) else { return nil }
            }
        }
        return value.trimmingASCIIWhitespace
    }
}

/// What the SAX callbacks of one sanitization share: the output and the elements open in it.
private final class SanitizerState {
    var output = ""
    /// Elements opened in the input, and whether each was written to the output.
    var stack: [(name: String, kept: Bool)] = []
    /// How many removed-with-content elements enclose the current position.
    var hiddenDepth = 0

    func finish() -> String {
        for open in stack.reversed() where open.kept && !SanitizerPolicy.voidElements.contains(open.name) {
            output += "</\(open.name)>"
        }
        stack.removeAll()
        return output
    }

    func start(_ name: String, attributes: [(String, String)]) {
        if SanitizerPolicy.removedWithContent.contains(name) {
            hiddenDepth += 1
            stack.append((name, false))
            return
        }
        guard hiddenDepth == 0, let allowed = SanitizerPolicy.elements[name] else {
            stack.append((name, false))
            return
        }
        var tag = "<" + name
        var hasSource = false
        for (attribute, value) in attributes where allowed.contains(attribute) {
            var value = value
            if attribute == "href" || attribute == "src" {
                guard let safe = SanitizerPolicy.safeURL(value, forLink: attribute == "href") else { continue }
                value = safe
                hasSource = hasSource || attribute == "src"
            }
            tag += " \(attribute)=\"\(Markup.escape(value))\""
        }
        if name == "a" { tag += " rel=\"nofollow noopener noreferrer\"" }
        let kept = name != "img" || hasSource  // an image without a safe source shows nothing
        if kept { output += tag + ">" }
        stack.append((name, kept))
    }

    func end(_ name: String) {
        guard let index = stack.lastIndex(where: { $0.name == name }) else { return }
        for open in stack[index...].reversed() {
            if SanitizerPolicy.removedWithContent.contains(open.name) { hiddenDepth = max(0, hiddenDepth - 1) }
            if open.kept && !SanitizerPolicy.voidElements.contains(open.name) { output += "</\(open.name)>" }
        }
        stack.removeSubrange(index...)
    }

    func characters(_ text: UnsafeBufferPointer<UInt8>) {
        guard hiddenDepth == 0 else { return }
        output += Markup.escape(String(decoding: text, as: UTF8.self))
    }
}

extension String {
    fileprivate var trimmingASCIIWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0.value > 0x20 }),
            let last = scalars.lastIndex(where: { $0.value > 0x20 })
        else { return "" }
        return String(scalars[first...last])
    }
}

private func sanitizerState(_ context: UnsafeMutableRawPointer?) -> SanitizerState {
    Unmanaged<SanitizerState>.fromOpaque(seams_xml_ctxt_private(context)!).takeUnretainedValue()
}

private func sanitizerStartElement(
    _ context: UnsafeMutableRawPointer?,
    _ name: UnsafePointer<xmlChar>?,
    _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
) {
    guard let name else { return }
    var pairs: [(String, String)] = []
    if var cursor = attributes {
        while let attribute = cursor.pointee {
            let value = cursor.advanced(by: 1).pointee
            pairs.append((String(cString: attribute).lowercased(), value.map { String(cString: $0) } ?? ""))
            cursor = cursor.advanced(by: 2)
        }
    }
    sanitizerState(context).start(String(cString: name).lowercased(), attributes: pairs)
}

private func sanitizerEndElement(_ context: UnsafeMutableRawPointer?, _ name: UnsafePointer<xmlChar>?) {
    guard let name else { return }
    sanitizerState(context).end(String(cString: name).lowercased())
}

private func sanitizerCharacters(
    _ context: UnsafeMutableRawPointer?,
    _ characters: UnsafePointer<xmlChar>?,
    _ length: Int32
) {
    guard let characters, length > 0 else { return }
    sanitizerState(context).characters(UnsafeBufferPointer(start: characters, count: Int(length)))
}
