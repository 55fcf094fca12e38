import Foundation
import SeamsCore
import SeamsFingerprint
import Testing

struct FingerprintTests {
    @Test func hashesNeverChange() {
        // Keys are stored. If these values change, every stored key is wrong and the store must be re-keyed.
        #expect(StableHash.of("") == 0x2D06_8005_38D3_94C2)
        let fingerprint = ContentFingerprint(title: nil, text: String(repeating: "tin tức ", count: 10))
        // Cross-checked with the reference implementation (Python): xxh3 of the little-endian token hashes, each token
        // hash being xxhash.xxh3_64_intdigest of the token's UTF-8 ("tin", "tức", … ten times).
        #expect(fingerprint.key == 0x9581_380B_0F36_5406)
    }

    @Test func copiesWithDifferentFormattingShareAKey() {
        let body = (1...30).map { "từ\($0)" }.joined(separator: " ")
        let original = ContentFingerprint(title: "Tiêu đề gốc", text: body)
        let repost = ContentFingerprint(
            title: "TIÊU ĐỀ MỚI",
            text: "  " + body.uppercased().replacingOccurrences(of: " ", with: "\n") + "."
        )
        #expect(original.key == repost.key, "long texts are keyed by their body, not their headline")
        let oldStyle = ContentFingerprint(
            title: nil,
            text: "Hòa bình và khỏe mạnh, thủy điện " + body + "\nVideo đang HOT"
        )
        let newStyle = ContentFingerprint(title: nil, text: "Hoà bình và khoẻ mạnh, thuỷ điện " + body)
        #expect(oldStyle.key == newStyle.key, "tone-mark style and page furniture do not change the key")
        #expect(original.wordCount == 30)
    }

    @Test func shortTextsAreKeyedWithTheirTitle() {
        let boilerplate = "Báo Hà Nam điện tử"
        let first = ContentFingerprint(title: "Khởi công cầu mới", text: boilerplate)
        let second = ContentFingerprint(title: "Giá lúa tăng", text: boilerplate)
        #expect(first.key != second.key, "a shared boilerplate lead does not make two stories one")
        #expect(ContentFingerprint(title: nil, text: "").key == nil)
    }

    @Test(arguments: [
        ("https://www.Example.com/a/b/?utm_source=x&id=3&fbclid=y#top", "//example.com/a/b?id=3"),
        ("http://example.com:80/a", "//example.com/a"),
        ("https://example.com:8443/a?b=2&a=1", "//example.com:8443/a?a=1&b=2"),
        ("https://example.com", "//example.com/"),
    ])
    func canonicalURLsIgnoreTrackingAndCosmetics(_ pair: (String, String)) {
        #expect(CanonicalURL.canonical(pair.0) == pair.1)
    }

    @Test func canonicalURLIgnoresWhatIsNotAWebAddress() {
        #expect(CanonicalURL.canonical("file:///etc/passwd") == nil)
        #expect(CanonicalURL.canonical("not a url") == nil)
        #expect(CanonicalURL.canonical(nil) == nil)
    }
}

/// The one rule for web addresses, which links, subscriptions, permalinks and canonical URLs share.
struct WebAddressTests {
    @Test func onlyAbsoluteHTTPAndHTTPSURLsWithAHostAreWebAddresses() {
        for web in ["https://example.org/story", "HTTP://Example.org", " http://a.example/x?y=1 "] {
            #expect(WebAddress.isWeb(web), "\(web)")
        }
        for other in [
            "javascript:alert(1)", "data:text/html,hi", "http://", "https:///path", "ftp://a.example/", "/relative",
            "file:///etc/passwd", "",
        ] {
            #expect(!WebAddress.isWeb(other), "\(other)")
            #expect(CanonicalURL.canonical(other) == nil, "\(other)")
        }
    }
}
