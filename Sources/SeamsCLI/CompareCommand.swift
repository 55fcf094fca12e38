import ArgumentParser
import Foundation
import SeamsFingerprint
import SeamsStore

/// `seams compare A B`: why two articles match, or do not.
struct CompareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two articles (ids in the store, or text files): resemblance, containment and shared passages."
    )

    @OptionGroup var store: StoreOptions
    @Argument(help: "An article id or a text file.") var first: String
    @Argument(help: "An article id or a text file.") var second: String

    func run() async throws {
        let configuration = try store.deduplication()
        let a = try await text(of: first)
        let b = try await text(of: second)
        let tokenizer = MatchTokenizer(configuration: configuration)
        let firstTokens = tokenizer.tokenize(a)
        let secondTokens = tokenizer.tokenize(b)
        let k = configuration.shingleSize
        let overlap = Overlap(firstTokens.hashes, secondTokens.hashes, k: k, minimumPassageTokens: configuration.minimumPassageTokens)
        let estimate = MinHashSignature(shingles: Shingles.hashes(firstTokens.hashes, k: k))
            .resemblance(to: MinHashSignature(shingles: Shingles.hashes(secondTokens.hashes, k: k)))
        func percent(_ value: Double) -> String { String(format: "%.3f", value) }
        print("A: \(first) — \(firstTokens.count) tokens (\(firstTokens.droppedTokens) in boilerplate lines left out)")
        print("B: \(second) — \(secondTokens.count) tokens (\(secondTokens.droppedTokens) in boilerplate lines left out)")
        print("resemblance (Jaccard of \(k)-token shingles): \(percent(overlap.resemblance)); MinHash estimate \(percent(estimate))")
        print("containment of A in B: \(percent(overlap.containmentOfFirst))")
        print("containment of B in A: \(percent(overlap.containmentOfSecond))")
        let verdict: String
        if overlap.resemblance >= configuration.duplicateThreshold {
            verdict = "duplicate"
        } else if overlap.resemblance >= configuration.nearDuplicateThreshold {
            verdict = "near-duplicate"
        } else if overlap.containmentOfFirst >= configuration.partialThreshold {
            verdict = "A is a partial copy of B"
        } else if overlap.containmentOfSecond >= configuration.partialThreshold {
            verdict = "B is a partial copy of A"
        } else if overlap.passages.isEmpty {
            verdict = "different stories: no shared passage"
        } else {
            verdict = "different stories that share passages"
        }
        print("verdict: \(verdict)")
        let scalars = Array(a.unicodeScalars)
        print("shared passages (\(overlap.passages.count)), as spans of A:")
        for passage in overlap.passages {
            let span = firstTokens.span(of: passage)
            let excerpt = String(String.UnicodeScalarView(scalars[span].prefix(80))).replacingOccurrences(of: "\n", with: " / ")
            print("  [\(span.lowerBound), \(span.upperBound)) \(passage.count) tokens  \"\(excerpt)…\"")
        }
    }

    private func text(of argument: String) async throws -> String {
        if let id = Int64(argument) {
            return try await store.open().article(id: id).article.text
        }
        guard let data = FileManager.default.contents(atPath: argument) else {
            throw CommandFailure("\(argument) is neither an article id nor a readable file")
        }
        return String(decoding: data, as: UTF8.self)
    }
}

/// `seams rebuild`: re-fingerprint the store and rebuild every cluster.
struct RebuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild",
        abstract: "Re-fingerprint every article and rebuild every cluster with the current deduplicator settings."
    )

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let started = ContinuousClock.now
        let totals = try await store.open().rebuild()
        let elapsed = ContinuousClock.now - started
        print("rebuilt \(totals.articles) articles into \(totals.clusters) clusters in \(elapsed.formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 1))))")
    }
}
