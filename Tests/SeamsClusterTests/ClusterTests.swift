import Foundation
import SeamsCluster
import Testing

struct ClusterTests {
    let day: TimeInterval = 86_400
    let now = Date(timeIntervalSince1970: 1_700_000_000)

    @Test func theEarliestPublishedArticleIsCanonical() {
        let members = [
            ClusterMember(id: 1, published: now, firstSeen: now, textLength: 500),
            ClusterMember(id: 2, published: now.addingTimeInterval(-day), firstSeen: now, textLength: 300),
        ]
        #expect(CanonicalElection.canonical(of: members) == 2)
    }

    @Test func aTeaserPublishedFirstIsNotTheOriginalOnceTheFullStoryIsIn() {
        // A teaser, and a lead copied from it, both earlier and neither marked partial: under half the full text.
        let members = [
            ClusterMember(id: 1, published: now.addingTimeInterval(-day), firstSeen: now, textLength: 120),
            ClusterMember(id: 2, published: now.addingTimeInterval(-day / 2), firstSeen: now, textLength: 110),
            ClusterMember(id: 3, published: now, firstSeen: now, textLength: 500),
        ]
        #expect(CanonicalElection.canonical(of: members) == 3)
        #expect(CanonicalElection.canonical(of: Array(members.prefix(2))) == 1, "without the full story, the earliest")
    }

    @Test func fullerTextWinsATie() {
        let members = [
            ClusterMember(id: 1, published: now, firstSeen: now, textLength: 100),
            ClusterMember(id: 2, published: now, firstSeen: now, textLength: 900),
        ]
        #expect(CanonicalElection.canonical(of: members) == 2)
    }

    @Test func aFutureDateCountsAsFirstSeenAndAMissingDateTooAndTheFirstStoredBreaksTies() {
        let members = [
            ClusterMember(id: 7, published: now.addingTimeInterval(30 * day), firstSeen: now, textLength: 100),
            ClusterMember(id: 3, published: nil, firstSeen: now, textLength: 100),
        ]
        #expect(CanonicalElection.canonical(of: members) == 3)
        #expect(CanonicalElection.canonical(of: []) == nil)
    }
}

/// Relations and match kinds are shown, stored and sent as their stable text, however they are written out.
struct RelationTextTests {
    @Test func relationsAndMatchKindsReadAsTheirStableText() throws {
        #expect(
            "\(ArticleRelation.nearDuplicate)" == "near-duplicate" && "\(MatchKind.nearDuplicate)" == "near-duplicate"
        )
        #expect(
            ArticleRelation.allCases.map(\.description) == [
                "canonical", "duplicate", "near-duplicate", "partial", "recycled",
            ]
        )
        let json = try JSONEncoder().encode([ArticleRelation.nearDuplicate])
        #expect(String(decoding: json, as: UTF8.self) == "[\"near-duplicate\"]")
    }
}
