import Foundation
import SeamsFingerprint

/// Raw text → normalized tokens (NFC, case folding, tone placement, boilerplate lines) → 5-shingles → 128-value
/// MinHash signature, for every line of `path`; throughput in MB of input text per second.
func sketchBenchmark(_ path: String, runs: Int) throws {
    guard let data = FileManager.default.contents(atPath: path) else { throw CocoaError(.fileNoSuchFile) }
    let documents = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    let tokenizer = MatchTokenizer()
    var shingles = 0
    var check: UInt32 = 0
    let elapsed = best(runs: runs) {
        shingles = 0
        for document in documents {
            let tokens = tokenizer.tokenize(document)
            let hashes = Shingles.hashes(tokens.hashes, k: 5)
            shingles += hashes.count
            check ^= MinHashSignature(shingles: hashes).values[0]
        }
    }
    printJSON([
        "engine": "seams", "docs": documents.count, "bytes": data.count, "shingles": shingles, "seconds": elapsed,
        "mb_per_s": Double(data.count) / 1e6 / elapsed, "docs_per_s": Double(documents.count) / elapsed,
        "ns_per_shingle": elapsed * 1e9 / Double(max(shingles, 1)), "check": Int(check),
    ])
}
