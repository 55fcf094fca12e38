import CUtf8proc

#if canImport(Glibc)
import Foundation
import Glibc
#endif

/// Decodes a feed's bytes to NFC UTF-8, whatever character encoding it was written in.
///
/// The encoding is taken, in order, from a byte-order mark, the HTTP `charset`, the XML declaration, and the
/// shape of the first bytes (UTF-16 without a BOM). Any encoding glibc's iconv knows is accepted — UTF-16,
/// ISO-8859-1, Windows-1252 and Windows-1258 among them. ISO-8859-1 is read as Windows-1252, as browsers do,
/// because feeds that declare it routinely use curly quotes from 0x80–0x9F. A declared UTF-8 that is not
/// valid UTF-8 is read as Windows-1252 with a warning rather than rejected. Text with combining marks
/// (Windows-1258 writes Vietnamese tones that way) is composed to NFC so that equal text has equal bytes.
struct CharacterDecoder {
    /// The decoded document and what had to be guessed.
    struct Decoded {
        var utf8: [UInt8]
        var encoding: String
        var warnings: [String] = []
    }

    static func decode(_ bytes: [UInt8], httpCharset: String?, allowXMLDeclaration: Bool = true) throws -> Decoded {
        var warnings: [String] = []
        var declared: String?
        var body = bytes[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            declared = "utf-8"
            body = bytes[3...]
        } else if bytes.starts(with: [0xFF, 0xFE]) {
            declared = "utf-16le"
            body = bytes[2...]
        } else if bytes.starts(with: [0xFE, 0xFF]) {
            declared = "utf-16be"
            body = bytes[2...]
        } else if let httpCharset, !httpCharset.isEmpty {
            declared = httpCharset.lowercased()
        } else if bytes.count >= 4, Self.documentStarts.contains(bytes[0]), bytes[1] == 0,
            bytes[2] != 0 || bytes[3] == 0
        {
            declared = "utf-16le"
        } else if bytes.count >= 4, bytes[0] == 0, Self.documentStarts.contains(bytes[1]) {
            declared = "utf-16be"
        } else if allowXMLDeclaration {
            declared = xmlDeclarationEncoding(bytes)?.lowercased()
        }
        var encoding = declared ?? "utf-8"
        if encoding == "utf8" { encoding = "utf-8" }
        if encoding == "iso-8859-1" || encoding == "latin1" || encoding == "iso8859-1" || encoding == "us-ascii"
            || encoding == "ascii"
        {
            encoding = "windows-1252"
        }
        var output: [UInt8]
        let wide = encoding.hasPrefix("utf-16") || encoding.hasPrefix("utf-32") || encoding.hasPrefix("ucs")
        if wide, body.count >= 2, body[body.startIndex] != 0, body[body.startIndex + 1] != 0 {
            // UTF-16 or UTF-32 declared over a document with no zero bytes where its first characters are: an
            // 8-bit document whose declaration lies (the declaration itself would be in UTF-16).
            warnings.append(
                "the document declares \(declared ?? encoding) but is written in 8-bit characters; read as UTF-8"
            )
            encoding = "utf-8"
        } else if !wide, encoding != "utf-8", body.contains(where: { $0 >= 0x80 }), isValidUTF8(body) {
            // Another charset declared over bytes that are valid UTF-8 with non-ASCII characters: the declaration
            // lies (text in Windows-1252, Shift_JIS or KOI8-R is practically never valid UTF-8 by chance).
            warnings.append("the document declares \(declared ?? encoding) but its bytes are UTF-8; read as UTF-8")
            encoding = "utf-8"
        }
        if encoding == "utf-8" {
            output = Array(body)
            if !isValidUTF8(output) {
                // A document declared (or defaulted to) UTF-8 whose bytes say otherwise: a lying charset.
                warnings.append("the document is not valid UTF-8; read as Windows-1252")
                encoding = "windows-1252"
                output = try iconv(Array(body), from: encoding)
            }
        } else {
            do {
                output = try iconv(Array(body), from: encoding)
            } catch let error as ParseError where error.code == .encoding && declared == httpCharset?.lowercased() {
                // An HTTP charset glibc does not know: fall back to what the document says about itself.
                warnings.append(error.message)
                return try decode(bytes, httpCharset: nil)
            }
        }
        // Combining marks (U+0300–U+036F start with 0xCC or 0xCD) are the only case where NFC changes
        // Latin and Vietnamese text; skipping the pass otherwise keeps decoding at memory speed.
        if output.contains(where: { $0 == 0xCC || $0 == 0xCD }) {
            output = nfc(output)
        }
        let removed = removeControlCharacters(&output)
        if removed > 0 {
            warnings.append("\(removed) NUL or control characters, which no feed format allows, were removed")
        }
        return Decoded(utf8: output, encoding: encoding, warnings: warnings)
    }

    /// The first bytes a feed document can start with, for telling UTF-16 without a byte-order mark by its zero bytes.
    static let documentStarts: Set<UInt8> = [
        UInt8(ascii: "<"), UInt8(ascii: "{"), UInt8(ascii: "["), 0x20, 0x0A, 0x0D, 0x09,
    ]

    /// Removes the C0 control characters other than tab, line feed and carriage return — NUL among them — which XML 1.0
    /// forbids everywhere and JSON inside strings; libxml2 stops at the first. Returns how many were removed.
    static func removeControlCharacters(_ utf8: inout [UInt8]) -> Int {
        @inline(__always) func isControl(_ byte: UInt8) -> Bool {
            byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D
        }
        guard let first = utf8.firstIndex(where: isControl) else { return 0 }
        let before = utf8.count
        utf8 = Array(utf8[..<first]) + utf8[first...].filter { !isControl($0) }
        return before - utf8.count
    }

    /// The `encoding` pseudo-attribute of an XML declaration at the start of the document.
    static func xmlDeclarationEncoding(_ bytes: [UInt8]) -> String? {
        let head = bytes.prefix(200)
        guard head.starts(with: Array("<?xml".utf8)), let end = head.firstIndex(of: UInt8(ascii: ">")) else {
            return nil
        }
        let declaration = String(decoding: head[..<end], as: UTF8.self)
        guard let range = declaration.range(of: "encoding") else { return nil }
        let rest = declaration[range.upperBound...].drop(while: { $0 == " " || $0 == "=" })
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        let value = rest.dropFirst().prefix(while: { $0 != quote })
        return value.isEmpty ? nil : String(value)
    }

    static func isValidUTF8(_ bytes: some Collection<UInt8>) -> Bool {
        String(validating: bytes, as: UTF8.self) != nil  // the standard library's vectorized validator
    }

    static func iconv(_ input: [UInt8], from encoding: String) throws -> [UInt8] {
        let descriptor = iconv_open("UTF-8", encoding)
        guard let descriptor, Int(bitPattern: descriptor) != -1 else {
            throw ParseError(.encoding, "unknown character encoding \"\(encoding)\"")
        }
        defer { iconv_close(descriptor) }
        var output = [UInt8](repeating: 0, count: input.count * 3 + 16)
        var produced = 0
        var input = input
        input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(source.baseAddress!)
                    .assumingMemoryBound(
                        to: CChar.self
                    )
                var inLeft = source.count
                var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(target.baseAddress!)
                    .assumingMemoryBound(
                        to: CChar.self
                    )
                var outLeft = target.count
                while inLeft > 0 {
                    let result = Glibc.iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
                    if result != -1 { break }
                    if errno == EILSEQ || errno == EINVAL {
                        // An invalid or truncated sequence: emit U+FFFD and move on one byte.
                        guard outLeft >= 3 else { break }
                        for byte: UInt8 in [0xEF, 0xBF, 0xBD] {
                            outPointer!.pointee = CChar(bitPattern: byte)
                            outPointer! += 1
                        }
                        outLeft -= 3
                        inPointer! += 1
                        inLeft -= 1
                    } else {
                        break
                    }
                }
                produced = target.count - outLeft
            }
        }
        output.removeSubrange(produced...)
        return output
    }

    static func nfc(_ bytes: [UInt8]) -> [UInt8] {
        var result: UnsafeMutablePointer<utf8proc_uint8_t>?
        let options = utf8proc_option_t(rawValue: UTF8PROC_STABLE.rawValue | UTF8PROC_COMPOSE.rawValue)
        let length = bytes.withUnsafeBufferPointer { utf8proc_map($0.baseAddress, $0.count, &result, options) }
        guard length >= 0, let result else { return bytes }
        defer { seams_utf8proc_free(result) }
        return Array(UnsafeBufferPointer(start: result, count: length))
    }
}
