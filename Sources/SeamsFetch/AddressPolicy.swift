#if canImport(Glibc)
import Glibc
#endif

/// Which network addresses a feed may be fetched from when it must stay on the public internet.
///
/// Applied to the address libcurl is about to connect to — after DNS, for every connection of every redirect —
/// so a host name that resolves to `127.0.0.1`, or a public URL that redirects to `169.254.169.254`, is refused
/// as surely as the literal address. Refused: unspecified, loopback, private (RFC 1918, unique-local `fc00::/7`),
/// shared (`100.64/10`), link-local (`169.254/16`, `fe80::/10`, the cloud metadata endpoints among them),
/// benchmarking, documentation, multicast and reserved ranges, site-local `fec0::/10`, and IPv4 addresses mapped,
/// translated (NAT64, `64:ff9b:1::/48` local use) or tunnelled (6to4 `2002::/16`, Teredo `2001::/32`) into IPv6.
package enum AddressPolicy {
    /// True when the IPv4 address (four bytes, network order) is on the public internet.
    package static func isPublic(ipv4 bytes: [UInt8]) -> Bool {
        guard bytes.count == 4 else { return false }
        let (a, b) = (bytes[0], bytes[1])
        switch a {
        case 0, 10, 127: return false
        case 100 where b & 0xC0 == 64: return false  // 100.64.0.0/10, shared address space
        case 169 where b == 254: return false  // link-local, cloud metadata
        case 172 where b & 0xF0 == 16: return false
        case 192 where b == 168: return false
        case 192 where b == 0 && bytes[2] == 0: return false  // 192.0.0.0/24, protocol assignments
        case 192 where b == 0 && bytes[2] == 2: return false  // 192.0.2.0/24, documentation (TEST-NET-1)
        case 198 where b == 51 && bytes[2] == 100: return false  // 198.51.100.0/24, documentation (TEST-NET-2)
        case 203 where b == 0 && bytes[2] == 113: return false  // 203.0.113.0/24, documentation (TEST-NET-3)
        case 198 where b & 0xFE == 18: return false  // 198.18.0.0/15, benchmarking
        case 224...255: return false  // multicast and reserved
        default: return true
        }
    }

    /// True when the IPv6 address (sixteen bytes) is on the public internet.
    package static func isPublic(ipv6 bytes: [UInt8]) -> Bool {
        guard bytes.count == 16 else { return false }
        if bytes[0..<10].allSatisfy({ $0 == 0 }) {
            // ::, ::1, IPv4-compatible and IPv4-mapped (::ffff:a.b.c.d) addresses.
            if bytes[10] == 0xFF && bytes[11] == 0xFF { return isPublic(ipv4: Array(bytes[12..<16])) }
            return false
        }
        if bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xFF && bytes[3] == 0x9B {
            return isPublic(ipv4: Array(bytes[12..<16]))  // 64:ff9b::/96, NAT64
        }
        if bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xFF && bytes[3] == 0x9B && bytes[4] == 0x00
            && bytes[5] == 0x01
        {
            return false  // 64:ff9b:1::/48, local-use NAT64: translates to addresses of the operator's choosing
        }
        if bytes[0] == 0x20 && bytes[1] == 0x02 { return false }  // 2002::/16, 6to4: an IPv4 address inside
        if bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x00 && bytes[3] == 0x00 {
            return false  // 2001::/32, Teredo: an IPv4 address inside
        }
        if bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x00 && bytes[3] == 0x02 && bytes[4] == 0x00
            && bytes[5] == 0x00
        {
            return false  // 2001:2::/48, benchmarking
        }
        if bytes[0] == 0xFE && bytes[1] & 0xC0 == 0xC0 { return false }  // fec0::/10, site-local (deprecated)
        if bytes[0] & 0xFE == 0xFC { return false }  // fc00::/7, unique local (fd00:ec2::254 among them)
        if bytes[0] == 0xFE && bytes[1] & 0xC0 == 0x80 { return false }  // fe80::/10, link-local
        if bytes[0] == 0xFF { return false }  // multicast
        // Documentation.
        if bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x0D && bytes[3] == 0xB8 { return false }
        return true
    }

    /// The address in a socket address, and whether it is public; nil for families other than IPv4 and IPv6.
    static func inspect(_ address: UnsafePointer<sockaddr>, length: Int) -> (text: String, isPublic: Bool)? {
        switch Int32(address.pointee.sa_family) {
        case AF_INET where length >= MemoryLayout<sockaddr_in>.size:
            return address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { ipv4 in
                var raw = ipv4.pointee.sin_addr
                let bytes = withUnsafeBytes(of: &raw) { Array($0) }
                return (bytes.map(String.init).joined(separator: "."), isPublic(ipv4: bytes))
            }
        case AF_INET6 where length >= MemoryLayout<sockaddr_in6>.size:
            return address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { ipv6 in
                var raw = ipv6.pointee.sin6_addr
                let bytes = withUnsafeBytes(of: &raw) { Array($0) }
                var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
                inet_ntop(AF_INET6, &raw, &buffer, socklen_t(buffer.count))
                let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                return (text, isPublic(ipv6: bytes))
            }
        default:
            return nil
        }
    }
}
