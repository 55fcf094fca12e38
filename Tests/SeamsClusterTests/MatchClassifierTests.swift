import Foundation
import SeamsCluster
import SeamsFingerprint
import Testing

struct MatchClassifierTests {
    let classifier = MatchClassifier()
    let tokenizer = MatchTokenizer()
    let now = Date(timeIntervalSince1970: 1_700_000_000)

    func tokens(_ prefix: String, _ count: Int) -> [UInt64] {
        tokenizer.tokenize((1...count).map { "\(prefix)\($0)" }.joined(separator: " ")).hashes
    }

    func candidate(
        _ id: Int64,
        cluster: Int64,
        new: [UInt64],
        stored: [UInt64],
        composite: Bool = false,
        exact: Bool = false,
        appeared: Date? = nil
    ) -> MatchCandidate {
        MatchCandidate(
            articleId: id,
            clusterId: cluster,
            overlap: Overlap(new, stored, k: 5, minimumPassageTokens: 12),
            tokenCount: stored.count,
            appeared: appeared ?? now,
            isComposite: composite,
            isExactCopy: exact
        )
    }

    @Test func aLightlyEditedCopyIsANearDuplicate() {
        let story = tokens("w", 300)
        var copy = story
        for index in stride(from: 0, to: 300, by: 30) { copy[index] = MatchTokenizer.tokenHash("edit\(index)") }
        let decision = classifier.classify(
            tokenCount: copy.count,
            appeared: now,
            candidates: [candidate(1, cluster: 10, new: copy, stored: story)]
        )
        guard case .join(10, 1, .nearDuplicate, let similarity, false, _) = decision else {
            Issue.record("got \(decision)")
            return
        }
        #expect(similarity > 0.5 && similarity < 0.9)
    }

    @Test func aTeaserIsAPartialCopyOfTheFullStory() {
        let story = tokens("w", 500)
        let teaser = Array(story.prefix(80))
        let decision = classifier.classify(
            tokenCount: teaser.count,
            appeared: now,
            candidates: [candidate(1, cluster: 10, new: teaser, stored: story)]
        )
        guard case .join(10, 1, .partial, let containment, false, _) = decision else {
            Issue.record("got \(decision)")
            return
        }
        #expect(containment > 0.95)
        // The other way round, the full story arriving after its teaser is the fuller version.
        let fuller = classifier.classify(
            tokenCount: story.count,
            appeared: now,
            candidates: [candidate(2, cluster: 20, new: story, stored: teaser)]
        )
        #expect(fuller == .joinAsFuller(clusterId: 20, partialId: 2, similarity: 1, recycled: false))
    }

    @Test func aPageStitchedFromTwoStoriesIsACompositeLinkedToBoth() {
        let first = tokens("a", 200)
        let second = tokens("b", 150)
        let page = first + tokens("chrome", 3) + second
        let decision = classifier.classify(
            tokenCount: page.count,
            appeared: now,
            candidates: [
                candidate(1, cluster: 10, new: page, stored: first),
                candidate(2, cluster: 20, new: page, stored: second),
            ]
        )
        guard case .composite(let sources) = decision else {
            Issue.record("got \(decision)")
            return
        }
        #expect(sources.map(\.articleId) == [1, 2])
        #expect(sources[0].passages == [0..<200])
        #expect(sources[1].passages == [203..<353])
    }

    @Test func aSharedQuotationIsNotAComposite() {
        let quote = tokens("quote", 20)
        let story = tokens("own", 300) + quote
        let other = tokens("other", 250) + quote
        let decision = classifier.classify(
            tokenCount: story.count,
            appeared: now,
            candidates: [candidate(1, cluster: 10, new: story, stored: other)]
        )
        #expect(decision == .new)
    }

    @Test func aCopyOfAStoryFromLongAgoIsRecycled() {
        let story = tokens("w", 300)
        let old = now.addingTimeInterval(-90 * 86_400)
        let decision = classifier.classify(
            tokenCount: story.count,
            appeared: now,
            candidates: [candidate(1, cluster: 10, new: story, stored: story, appeared: old)]
        )
        #expect(decision == .join(clusterId: 10, articleId: 1, kind: .duplicate, similarity: 1, recycled: true))
    }

    @Test func shortItemsAreNotMatchedByResemblance() {
        let item = tokens("w", 20)
        var edited = item
        edited[10] = MatchTokenizer.tokenHash("changed")
        let decision = classifier.classify(
            tokenCount: edited.count,
            appeared: now,
            candidates: [candidate(1, cluster: 10, new: edited, stored: item)]
        )
        #expect(decision == .new)
        let exact = classifier.classify(
            tokenCount: item.count,
            appeared: now,
            candidates: [candidate(1, cluster: 10, new: item, stored: item, exact: true)]
        )
        #expect(exact == .join(clusterId: 10, articleId: 1, kind: .duplicate, similarity: 1, recycled: false))
    }

    @Test func exactCopiesInTwoClustersMergeThem() {
        let story = tokens("w", 100)
        let decision = classifier.classify(
            tokenCount: story.count,
            appeared: now,
            candidates: [
                candidate(1, cluster: 30, new: story, stored: story, exact: true),
                candidate(2, cluster: 10, new: story, stored: story, exact: true),
            ]
        )
        #expect(decision == .merge(clusterIds: [10, 30], articleId: 1))
    }

    @Test func aSourceOfAStitchedPageNeverJoinsThePage() {
        let first = tokens("a", 300)
        let page = first + tokens("b", 200)
        let decision = classifier.classify(
            tokenCount: first.count,
            appeared: now,
            candidates: [candidate(9, cluster: 90, new: first, stored: page, composite: true)]
        )
        #expect(decision == .new)
    }

    @Test func electionSkipsPartialsRecycledAndCompositesAndToleratesClockSkew() {
        let members = [
            ClusterMember(id: 1, published: now, firstSeen: now, textLength: 80, isPartial: true),
            ClusterMember(
                id: 2,
                published: now.addingTimeInterval(-86_400 * 60),
                firstSeen: now,
                textLength: 500,
                isRecycled: true
            ),
            ClusterMember(
                id: 3,
                published: now.addingTimeInterval(120),
                firstSeen: now.addingTimeInterval(200),
                textLength: 500
            ),
            ClusterMember(
                id: 4,
                published: now.addingTimeInterval(60),
                firstSeen: now.addingTimeInterval(200),
                textLength: 450
            ),
        ]
        #expect(CanonicalElection.canonical(of: members, clockSkew: 600) == 3, "within the skew, the fuller text wins")
        #expect(CanonicalElection.canonical(of: members, clockSkew: 0) == 4)
    }
}
