import CXML2

/// libxml2's recovering HTML parser driven through SAX callbacks, shared by ``TextExtractor`` and
/// ``HTMLSanitizer``: no tree, no network, no external entities, errors silenced.
enum HTMLSAXParser {
    private static let setup: Void = {
        xmlInitParser()
        seams_xml_forbid_external_entities()
        seams_xml_silence_generic_errors()
    }()

    /// Parses `html` (UTF-8, not empty), calling the callbacks with `state` as the context's private pointer.
    static func parse(
        _ html: UnsafeBufferPointer<UInt8>,
        state: AnyObject,
        options extraOptions: Int32 = 0,
        start: startElementSAXFunc,
        end: endElementSAXFunc,
        characters: charactersSAXFunc
    ) {
        guard let base = html.baseAddress, html.count > 0 else { return }
        _ = setup
        let context = base.withMemoryRebound(to: CChar.self, capacity: html.count) {
            htmlCreateMemoryParserCtxt($0, Int32(clamping: html.count))
        }
        guard let context else { return }
        defer { htmlFreeParserCtxt(context) }
        xmlSwitchEncoding(context, XML_CHAR_ENCODING_UTF8)
        seams_html_text_handler(context.pointee.sax, start, end, characters)
        let options = Int32(
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue
        )
        htmlCtxtUseOptions(context, options | extraOptions)
        let unmanaged = Unmanaged.passRetained(state)
        seams_xml_set_ctxt_private(context, unmanaged.toOpaque())
        htmlParseDocument(context)
        unmanaged.release()
    }
}
