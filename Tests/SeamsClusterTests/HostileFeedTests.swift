import Foundation
import SeamsCluster
import SeamsCore
import Testing

/// One feed, published by anyone, tries to merge honest stories or take over their canonical records: by borrowing
/// their links, chaining one story's text to another's link, backdating copies, or giving every item one link.
struct HostileFeedTests {
    let first = Newsroom.words("alpha", 1...120)
    let second = Newsroom.words("beta", 1...120)
    let third = Newsroom.words("gamma", 1...120)
    let day: TimeInterval = 86_400

    /// Two honest outlets' stories, published an hour before the newsroom's start.
    func honest() throws -> Newsroom {
        let newsroom = Newsroom()
        let published = newsroom.start.addingTimeInterval(-3_600)
        try newsroom.arrive("A", feed: "a", title: "A", text: first, link: "https://a.example/a", published: published)
        try newsroom.arrive("B", feed: "b", title: "B", text: second, link: "https://b.example/b", published: published)
        return newsroom
    }

    var later: Date { Date(timeIntervalSince1970: 1_700_000_000 + 7_200) }
    var longAgo: Date { Date(timeIntervalSince1970: 915_148_800) }  // 1 January 1999

    @Test func anotherOutletsLinkOnAnotherTextJoinsNothing() throws {
        let newsroom = try honest()
        try newsroom.arrive(
            "attack",
            feed: "attacker",
            title: "A",
            text: third,
            link: "https://a.example/a?utm_source=feed",
            published: longAgo,
            seen: later
        )
        #expect(newsroom.partition == [["A"], ["B"], ["attack"]])
        #expect(newsroom.canonical(of: "A") == "A")
    }

    @Test func oneStorysTextUnderAnothersLinkChainsNothing() throws {
        let newsroom = try honest()
        try newsroom.arrive("chain", feed: "attacker", text: first, link: "https://b.example/b", seen: later)
        #expect(newsroom.partition == [["A", "chain"], ["B"]])
        #expect(newsroom.canonical(of: "chain") == "A")
    }

    @Test func oneTextUnderTwoStoriesLinksMergesNeither() throws {
        let newsroom = try honest()
        try newsroom.arrive("x1", feed: "attacker", text: third, link: "https://a.example/a", seen: later)
        try newsroom.arrive("x2", feed: "attacker", text: third, link: "https://b.example/b", seen: later)
        #expect(newsroom.partition == [["A"], ["B"], ["x1", "x2"]])
    }

    @Test func aCopyBackdatedByYearsIsACopyAndNeverTheCanonicalRecord() throws {
        let newsroom = try honest()
        try newsroom.arrive(
            "backdated",
            feed: "attacker",
            text: first,
            link: "https://attacker.example/a",
            published: longAgo,
            seen: later
        )
        #expect(newsroom.partition == [["A", "backdated"], ["B"]])
        #expect(newsroom.canonical(of: "backdated") == "A")
        #expect(newsroom.article("backdated")?.placement.isRecycled == false, "its claim is not believed at all")
    }

    @Test func aCopyUnderTheOutletsOwnLinkIsNeverItsCanonicalRecord() throws {
        let newsroom = try honest()
        // Claims three days before the story (a claim within the allowance is believed) and is the fuller text.
        try newsroom.arrive(
            "borrowed",
            feed: "attacker",
            title: "A, the full story",
            text: first + " " + Newsroom.words("extra", 1...20),
            link: "https://www.a.example/a?utm_source=feed",
            published: newsroom.start.addingTimeInterval(-3 * day),
            seen: later
        )
        #expect(newsroom.partition == [["A", "borrowed"], ["B"]])
        #expect(newsroom.canonical(of: "A") == "A")
        // The same copy under its own link is believed, and is the original.
        try newsroom.arrive(
            "own",
            feed: "syndicate",
            text: first + " " + Newsroom.words("extra", 1...20),
            link: "https://syndicate.example/a",
            published: newsroom.start.addingTimeInterval(-3 * day),
            seen: later
        )
        #expect(newsroom.canonical(of: "A") == "own")
    }

    @Test func feedsOnLoopbackAreTheOutletsTheirFirstLinksNameFirstSubscribedFirst() throws {
        // Served from one loopback host, as a test or an intranet would: the feeds' addresses say nothing of whose
        // outlet each is, so their first links do — and a later feed that opens with a borrowed link is not the outlet.
        let newsroom = Newsroom { "http://127.0.0.1:8080/\($0).xml" }
        try newsroom.arrive("A", feed: "a", text: first, link: "https://a.example/a")
        try newsroom.arrive(
            "borrowed",
            feed: "attacker",
            text: first,
            link: "https://a.example/a?ref=x",
            published: newsroom.start.addingTimeInterval(-2 * day),
            seen: later
        )
        #expect(newsroom.partition == [["A", "borrowed"]])
        #expect(newsroom.canonical(of: "A") == "A", "a claim two days back is believed, but not under A's own page")
        #expect(!WebAddress.hasPublicHostName("http://127.0.0.1:8080/a.xml"))
        #expect(!WebAddress.hasPublicHostName("file:///tmp/a.xml"))
        #expect(!WebAddress.hasPublicHostName("http://localhost/a.xml"))
        #expect(WebAddress.hasPublicHostName("https://feeds.bbci.co.uk/news/rss.xml"))
    }

    @Test func aSiteIsTheRegistrablePartOfTheHost() {
        #expect(WebAddress.site(of: "https://www.reuters.com/world/x") == "reuters.com")
        #expect(WebAddress.site(of: "https://feeds.bbci.co.uk/news/rss.xml") == "bbci.co.uk")
        #expect(WebAddress.site(of: "https://news.bbc.co.uk/1") == "bbc.co.uk")
        #expect(WebAddress.site(of: "http://vnexpress.net/a") == "vnexpress.net")
        #expect(WebAddress.site(of: "http://127.0.0.1:8080/feed") == "127.0.0.1")
        #expect(WebAddress.site(of: "not a url") == nil)
    }

    @Test func anOriginalListedDaysAfterItsRepostIsStillTheOriginal() throws {
        let newsroom = Newsroom()
        try newsroom.arrive("repost", feed: "aggregator", text: first, link: "https://agg.example/1")
        // Listed two days later by the wire, with the date it was first published: believed (within four days).
        try newsroom.arrive(
            "original",
            feed: "wire",
            text: first,
            link: "https://wire.example/1",
            published: newsroom.start.addingTimeInterval(-1_800),
            seen: newsroom.start.addingTimeInterval(2 * day)
        )
        #expect(newsroom.canonical(of: "repost") == "original")
    }

    @Test func aLinkEveryItemOfAFeedCarriesIsNoPageIdentity() throws {
        let newsroom = Newsroom()
        for (index, text) in [first, second, third, Newsroom.words("delta", 1...80)].enumerated() {
            try newsroom.arrive("item\(index)", feed: "live", text: text, link: "https://live.example/")
        }
        #expect(newsroom.partition == [["item0"], ["item1"], ["item2"], ["item3"]])
        // Another feed's snippet under that link would be a copy of each by page alone: it is a copy of none.
        try newsroom.arrive(
            "snippet",
            feed: "attacker",
            text: "live updates",
            link: "https://live.example/",
            seen: later
        )
        #expect(newsroom.partition == [["item0"], ["item1"], ["item2"], ["item3"], ["snippet"]])
    }

    @Test func electionDisbelievesOnlyClaimsBeyondTheAllowance() {
        let seen = Date(timeIntervalSince1970: 1_700_000_000)
        let honest = ClusterMember(id: 1, published: seen, firstSeen: seen, textLength: 100)
        let late = seen.addingTimeInterval(2)  // another sync, two seconds later
        let close = ClusterMember(id: 2, published: seen.addingTimeInterval(-3 * day), firstSeen: late, textLength: 100)
        let far = ClusterMember(id: 3, published: seen.addingTimeInterval(-5 * day), firstSeen: late, textLength: 100)
        #expect(CanonicalElection.canonical(of: [honest, close]) == 2)
        #expect(CanonicalElection.canonical(of: [honest, far]) == 1)
        #expect(CanonicalElection.believedAppearance(of: [honest, far])[3] == late)
        // Seen together, claims are compared as they stand.
        let together = ClusterMember(
            id: 4,
            published: seen.addingTimeInterval(-5 * day),
            firstSeen: seen,
            textLength: 100
        )
        #expect(CanonicalElection.canonical(of: [honest, together]) == 4)
    }
}
