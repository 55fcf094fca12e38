import SeamsFingerprint

/// The normalizer and shingler on arbitrary text: token spans stay inside the text, a text overlaps itself fully, and
/// its signature resembles itself exactly.
enum ShinglerTarget {
    static func run(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        let configuration = DedupConfiguration()
        let tokens = MatchTokenizer(configuration: configuration).tokenize(text)
        let scalars = text.unicodeScalars.count
        expect(tokens.starts.count == tokens.count && tokens.ends.count == tokens.count, "token arrays disagree")
        for index in 0..<tokens.count {
            let start = Int(tokens.starts[index])
            let end = Int(tokens.ends[index])
            expect(0 <= start && start < end && end <= scalars, "token \(index) spans \(start)..<\(end) of \(scalars)")
            if index > 0 { expect(Int(tokens.ends[index - 1]) <= start, "tokens \(index - 1) and \(index) overlap") }
        }
        let k = configuration.shingleSize
        let shingles = Shingles.hashes(tokens.hashes, k: k)
        expect(tokens.count == 0 || shingles.count == max(1, tokens.count - k + 1), "\(shingles.count) shingles")
        let prints = Shingles.winnow(shingles, window: configuration.winnowWindow)
        expect(prints.allSatisfy { $0.position < shingles.count }, "a fingerprint points past the shingles")
        guard !shingles.isEmpty else { return }
        let overlap = Overlap(tokens.hashes, tokens.hashes, k: k, minimumPassageTokens: 1)
        expect(overlap.resemblance == 1 && overlap.containmentOfFirst == 1, "a text does not overlap itself fully")
        expect(overlap.passages.allSatisfy { $0.upperBound <= tokens.count }, "a passage ends past the text")
        let signature = MinHashSignature(shingles: shingles, size: configuration.signatureSize)
        expect(signature.resemblance(to: signature) == 1, "a signature does not resemble itself")
        expect(MinHashSignature(bytes: signature.bytes) == signature, "a signature does not survive storage")
        _ = ContentFingerprint(title: text, text: text)
    }
}
