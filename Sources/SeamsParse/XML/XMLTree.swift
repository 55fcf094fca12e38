import CXML2
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A libxml2 document tree parsed safely from untrusted bytes.
///
/// Parsing never loads a DTD, never resolves an external entity (a process-wide loader refuses them all) and
/// never touches the network. Entity declarations in the document's own DTD are ignored, so no reference expands
/// into more than the document holds (libxml2 2.9's amplification checks let a quadratic blowup through); libxml2
/// refuses nesting deeper than 256 levels. Broken documents are recovered as far as libxml2 can, and the errors
/// met are kept as warnings.
final class XMLTree {
    let document: xmlDocPtr
    private(set) var warnings: [String] = []

    private static let setup: Void = {
        xmlInitParser()
        seams_xml_forbid_external_entities()
        seams_xml_silence_generic_errors()
    }()

    /// Parses UTF-8 bytes; `baseURL` is the document's own URL, against which relative links and `xml:base` resolve.
    init(utf8 bytes: [UInt8], baseURL: String?) throws {
        _ = Self.setup
        let options = Int32(
            XML_PARSE_RECOVER.rawValue | XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue
                | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_COMPACT.rawValue
                | XML_PARSE_IGNORE_ENC.rawValue
        )
        guard let context = xmlNewParserCtxt() else { throw ParseError(.malformedXML, "out of memory") }
        defer { xmlFreeParserCtxt(context) }
        seams_xml_ignore_entity_declarations(context)
        if Self.declaresEntities(bytes) {
            warnings.append("entity declarations in the document's DTD were ignored")
        }
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlCtxtReadMemory(context, $0, Int32(clamping: buffer.count), baseURL, "UTF-8", options)
            }
        }
        let lastError = xmlCtxtGetLastError(context)
        var message: String?
        if let lastError, lastError.pointee.code != 0 {
            let text = lastError.pointee.message.map { String(cString: $0) } ?? "error \(lastError.pointee.code)"
            message = "line \(lastError.pointee.line): " + text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard let document, xmlDocGetRootElement(document) != nil else {
            throw ParseError(.malformedXML, "not well-formed XML" + (message.map { " (\($0))" } ?? ""))
        }
        self.document = document
        if let message { warnings.append("XML recovered after an error: \(message)") }
    }

    private static let entityDeclaration = Array("<!ENTITY".utf8)

    /// True when the document contains `<!ENTITY`: only a DTD can, and feeds almost never have one.
    private static func declaresEntities(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { document in
            let pattern = entityDeclaration
            guard document.count >= pattern.count else { return false }
            var index = 0
            let last = document.count - pattern.count
            while index <= last {
                if document[index] == 0x3C, document[index + 1] == 0x21,
                    (2..<pattern.count).allSatisfy({ document[index + $0] == pattern[$0] })
                {
                    return true
                }
                index += 1
            }
            return false
        }
    }

    deinit { xmlFreeDoc(document) }

    var root: XMLElement { XMLElement(node: xmlDocGetRootElement(document)!, tree: self) }
}

/// An element of an ``XMLTree``: its name, namespace, attributes, children and text.
struct XMLElement {
    let node: xmlNodePtr
    unowned let tree: XMLTree

    var name: String { String(cString: node.pointee.name) }

    var namespace: String? { node.pointee.ns?.pointee.href.map { String(cString: $0) } }

    /// True when the element has this local name in this namespace (nil: no namespace).
    func isNamed(_ localName: String, in namespace: String?) -> Bool {
        guard strcmp(node.pointee.name, localName) == 0 else { return false }
        return self.namespace == namespace
    }

    /// The child elements, in document order, walked without building an array.
    var children: ChildElements { ChildElements(first: node.pointee.children, tree: tree) }

    /// The first child with this local name in this namespace.
    func child(_ localName: String, in namespace: String?) -> XMLElement? {
        children.first { $0.isNamed(localName, in: namespace) }
    }

    /// The element's text content, entities decoded, CDATA included, descendants' text concatenated.
    var text: String {
        guard let content = xmlNodeGetContent(node) else { return "" }
        defer { seams_xml_free(content) }
        return String(cString: content)
    }

    /// The text content without leading and trailing whitespace, or nil when nothing else is left.
    var trimmedText: String? {
        guard let content = xmlNodeGetContent(node) else { return nil }
        defer { seams_xml_free(content) }
        // Trimming bytes before making a String: Foundation's trimming walks UTF-16 and is ~20× slower here.
        var start = content
        var end = content + strlen(content)
        while start < end, EntryText.isWhitespace(start.pointee) { start += 1 }
        while end > start, EntryText.isWhitespace((end - 1).pointee) { end -= 1 }
        guard start < end else { return nil }
        return String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
    }

    /// An attribute without a namespace, or in the given namespace.
    func attribute(_ name: String, in namespace: String? = nil) -> String? {
        let value = namespace.map { xmlGetNsProp(node, name, $0) } ?? xmlGetNoNsProp(node, name)
        guard let value else { return nil }
        defer { seams_xml_free(value) }
        return String(cString: value)
    }

    /// The serialized markup of the element's children (for Atom `type="xhtml"` content and raw markup in RSS).
    var innerXML: String {
        guard let buffer = xmlBufferCreate() else { return "" }
        defer { xmlBufferFree(buffer) }
        var child = node.pointee.children
        while let current = child {
            xmlNodeDump(buffer, tree.document, current, 0, 0)
            child = current.pointee.next
        }
        guard let content = xmlBufferContent(buffer) else { return "" }
        return String(cString: content)
    }

    /// True when the element has element children (markup rather than text).
    var hasElementChildren: Bool {
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { return true }
            child = current.pointee.next
        }
        return false
    }

    /// Resolves a possibly relative reference against this element's base (`xml:base` chain, then the document URL).
    func resolve(_ reference: String) -> String {
        let trimmed = reference.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return trimmed }
        guard let base = xmlNodeGetBase(tree.document, node) else { return trimmed }
        defer { seams_xml_free(base) }
        guard let built = xmlBuildURI(trimmed, base) else { return trimmed }
        defer { seams_xml_free(built) }
        return String(cString: built)
    }
}

/// The element children of an element, as a sequence over libxml2's sibling list.
struct ChildElements: Sequence, IteratorProtocol {
    private var upcoming: xmlNodePtr?
    private unowned let tree: XMLTree

    init(first: xmlNodePtr?, tree: XMLTree) {
        self.upcoming = first
        self.tree = tree
    }

    mutating func next() -> XMLElement? {
        while let current = upcoming {
            upcoming = current.pointee.next
            if current.pointee.type == XML_ELEMENT_NODE { return XMLElement(node: current, tree: tree) }
        }
        return nil
    }
}

extension XMLElement {
    /// The `xml:lang` in force at this element, inherited from its ancestors.
    var language: String? {
        guard let value = xmlNodeGetLang(node) else { return nil }
        defer { seams_xml_free(value) }
        let language = String(cString: value)
        return language.isEmpty ? nil : language
    }
}

extension XMLElement {
    /// The element's text read as a date; an unreadable date adds a warning naming `context` and returns nil.
    func date(context: String, warnings: inout [String]) -> FeedDate? {
        guard let text = trimmedText else { return nil }
        if let date = FeedDateParser.parse(text) { return date }
        warnings.append("\(context): unreadable date \"\(text.prefix(80))\" in <\(name)>")
        return nil
    }
}
