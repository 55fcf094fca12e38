import CXML2

#if canImport(Glibc)
import Glibc
#endif

/// Rewrites HTML named entities (`&nbsp;`, `&eacute;`) as numeric character references before XML parsing.
///
/// Real feeds use HTML entities that XML does not define, and an XML parser stops at the first one. libxml2's
/// own HTML entity table says which names are real; the five XML entities and unknown names are left alone.
/// Inside CDATA the rewrite is harmless, because a numeric reference means the same in the HTML that CDATA
/// carries.
enum EntityRepair {
    /// Returns the repaired document and how many entities were rewritten, or nil when nothing needed it.
    static func repair(_ bytes: [UInt8]) -> (bytes: [UInt8], count: Int)? {
        var output: [UInt8] = []
        var copiedUpTo = 0
        var count = 0
        var index = 0
        let n = bytes.count
        while index < n {
            // memchr finds the next '&' at memory speed; most of a feed has none.
            let next = bytes.withUnsafeBufferPointer { buffer -> Int in
                guard let found = memchr(buffer.baseAddress! + index, Int32(UInt8(ascii: "&")), n - index) else {
                    return n
                }
                return buffer.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
            }
            index = next
            guard index < n else { break }
            var end = index + 1
            while end < n, end - index <= 32, isNameByte(bytes[end]) { end += 1 }
            guard end < n, bytes[end] == UInt8(ascii: ";"), end > index + 1 else {
                index += 1
                continue
            }
            let name = Array(bytes[(index + 1)..<end])
            if isXMLPredefined(name) {
                index = end + 1
                continue
            }
            let value: UInt32? = (name + [0]).withUnsafeBufferPointer { pointer in
                htmlEntityLookup(pointer.baseAddress).map { $0.pointee.value }
            }
            if let value {
                if output.isEmpty { output.reserveCapacity(n + 64) }
                output.append(contentsOf: bytes[copiedUpTo..<index])
                output.append(contentsOf: Array("&#\(value);".utf8))
                copiedUpTo = end + 1
                count += 1
            }
            index = end + 1
        }
        guard count > 0 else { return nil }
        output.append(contentsOf: bytes[copiedUpTo...])
        return (output, count)
    }

    private static func isNameByte(_ b: UInt8) -> Bool {
        (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || (b >= 48 && b <= 57)
    }

    private static func isXMLPredefined(_ name: [UInt8]) -> Bool {
        switch String(decoding: name, as: UTF8.self) {
        case "amp", "lt", "gt", "quot", "apos": return true
        default: return name.first == UInt8(ascii: "#")
        }
    }
}
