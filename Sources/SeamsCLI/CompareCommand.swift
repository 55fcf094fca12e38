import ArgumentParser
import Foundation
import SeamsCluster
import SeamsFingerprint
import SeamsStore

/// `seams compare A B`: why two articles match, or do not.
struct CompareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract:
            "Compare two articles (ids in the store, or text files): resemblance, containment and shared passages."
    )

    @OptionGroup var store: StoreOptions
    @Argument(help: "An article id or a text file.") var first: String
    @Argument(help: "An article id or a text file.") var second: String

    func run() async throws {
        let result = try await self.store.sqlite(for: "compare").compare(try compared(first), try compared(second))
        let comparison = result.comparison
        let (a, b) = (comparison.first.fingerprint.tokens, comparison.second.fingerprint.tokens)
        let overlap = comparison.overlap
        let k = try store.deduplication().shingleSize
        func number(_ value: Double) -> String { String(format: "%.3f", value) }
        func furniture(_ side: Comparison.Side) -> String {
            side.article == nil ? "known furniture left out" : "its feed's learned and known furniture left out"
        }
        print("A: \(first) — \(a.count) tokens (\(a.droppedTokens) in furniture lines: \(furniture(comparison.first)))")
        print(
            "B: \(second) — \(b.count) tokens (\(b.droppedTokens) in furniture lines: \(furniture(comparison.second)))"
        )
        print(
            "resemblance (Jaccard of \(k)-token shingles): \(number(overlap.resemblance)); MinHash estimate \(number(comparison.estimatedResemblance))"
        )
        print("containment of A in B: \(number(overlap.containmentOfFirst))")
        print("containment of B in A: \(number(overlap.containmentOfSecond))")
        print(
            "verdict (A arriving with B stored): \(Self.verdict(comparison.verdict, sharesPassages: !overlap.passages.isEmpty))"
        )
        if let decided = Self.storeDecision(result) { print("the store decided: \(decided)") }
        let text = try await self.text(of: first)
        let scalars = Array(text.unicodeScalars)
        let secondScalars = Array(try await self.text(of: second).unicodeScalars)
        for (name, tokens, scalars) in [("A", a, scalars), ("B", b, secondScalars)] where !tokens.furnitureSpans.isEmpty
        {
            print("left out of \(name) as furniture (\(tokens.furnitureSpans.count) lines):")
            for span in tokens.furnitureSpans {
                print("  \(String(String.UnicodeScalarView(scalars[span.clamped(to: 0..<scalars.count)])))")
            }
        }
        print("shared passages (\(overlap.passages.count)), as spans of A:")
        for passage in overlap.passages {
            let span = a.span(of: passage)
            let excerpt = String(String.UnicodeScalarView(scalars[span].prefix(80))).replacingOccurrences(
                of: "\n",
                with: " / "
            )
            print("  [\(span.lowerBound), \(span.upperBound)) \(passage.count) tokens  \"\(excerpt)…\"")
        }
    }

    /// The classifier's decision in words.
    static func verdict(_ decision: MatchDecision, sharesPassages: Bool) -> String {
        switch decision {
        case .join(_, _, let kind, _, let recycled, _):
            let copy =
                switch kind {
                case .duplicate: "A is a duplicate of B"
                case .nearDuplicate: "A is a near-duplicate of B"
                case .partial: "A is a partial copy of B"
                }
            return recycled ? copy + ", recycled (B appeared long before)" : copy
        case .joinAsFuller(_, _, _, let recycled, _):
            return "B is a partial copy of A (A is the fuller text)" + (recycled ? ", recycled" : "")
        case .merge:
            return "A is an exact copy of B"
        case .composite:
            return "A is stitched from B and other stories"
        case .new:
            return sharesPassages ? "different stories that share passages" : "different stories: no shared passage"
        }
    }

    /// Where the store put the two stored articles, and any passage links between them.
    static func storeDecision(_ result: ArticleComparison) -> String? {
        guard let a = result.comparison.first.article, let b = result.comparison.second.article else { return nil }
        func place(_ article: ClusterArticle) -> String {
            var text = "story \(article.clusterId.map(String.init) ?? "-") as \(article.relation.rawValue)"
            if article.placement.isComposite { text += ", a stitched page" }
            return text
        }
        var decided =
            a.clusterId != nil && a.clusterId == b.clusterId
            ? "one story (\(a.clusterId!)): A is \(a.relation.rawValue), B is \(b.relation.rawValue)"
            : "different stories: A in \(place(a)), B in \(place(b))"
        if result.passagesOfFirstFromSecond > 0 {
            decided += "; A holds \(result.passagesOfFirstFromSecond) passages of B"
        }
        if result.passagesOfSecondFromFirst > 0 {
            decided += "; B holds \(result.passagesOfSecondFromFirst) passages of A"
        }
        return decided
    }

    private func compared(_ argument: String) throws -> ComparedArticle {
        if let id = Int64(argument) { return .stored(id) }
        guard let data = FileManager.default.contents(atPath: argument) else {
            throw CommandFailure("\(argument) is neither an article id nor a readable file")
        }
        return .text(String(decoding: data, as: UTF8.self))
    }

    private func text(of argument: String) async throws -> String {
        switch try compared(argument) {
        case .text(let text): return text
        case .stored(let id): return try await store.sqlite(for: "compare").article(id: id).article.text
        }
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
        let totals = try await store.sqlite(for: "rebuild").rebuild()
        let elapsed = ContinuousClock.now - started
        print(
            "rebuilt \(totals.articles) articles into \(totals.clusters) clusters in \(elapsed.formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 1))))"
        )
    }
}
