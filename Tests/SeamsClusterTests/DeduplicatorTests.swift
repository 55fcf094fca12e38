import Foundation
import SeamsCluster
import SeamsFingerprint
import SeamsSeedFixture
import Testing

/// The clustering rules end to end — candidates, placement, merges, composites, election — on in-memory storage.
struct DeduplicatorTests {
    let story = Newsroom.words("chữ", 1...120)
    let other = Newsroom.words("khác", 1...120)
    let day: TimeInterval = 86_400

    /// The seed world syndicated twice — each story and the stitched page by a second outlet too, in any order —
    /// is five stories of two copies each. A copy of the page holds all four stories, each of which, with its copies,
    /// is a cluster the arriving copy holds entirely; joining the page's cluster must gather none of them (it once
    /// merged all ten articles into one cluster).
    @Test(arguments: [
        ["A", "B", "C", "D", "stitched"], ["stitched", "D", "C", "B", "A"], ["B", "stitched", "D", "A", "C"],
        ["C", "A", "stitched", "B", "D"],
    ])
    func theSeedWorldSyndicatedTwiceIsFiveStoriesOfTwoCopies(_ order: [String]) throws {
        let newsroom = Newsroom()
        for (round, ids) in [SeedPage.stories.map(\.id), order].enumerated() {
            for id in ids {
                let story = try #require(SeedPage.stories.first { $0.id == id })
                try newsroom.arrive(
                    round == 0 ? id : id + "'",
                    feed: round == 0 ? story.feed : story.feed + "/syndicated",
                    title: story.title,
                    text: story.text,
                    link: round == 0 ? story.link : story.link + "?syndicated",
                    published: story.published,
                    seen: newsroom.start.addingTimeInterval(Double(round) * 3600)
                )
            }
        }
        #expect(
            newsroom.partition
                == [["A", "A'"], ["B", "B'"], ["C", "C'"], ["D", "D'"], ["stitched", "stitched'"]],
            "each story with its copy, the page with its copy"
        )
        #expect(newsroom.sources(of: "stitched") == ["A", "B", "C", "D"])
    }

    @Test(arguments: SeedPage.arrivalOrders)
    func theSeedPageIsLinkedToItsFourStoriesAndNothingMergesInEveryOrder(_ order: [String]) throws {
        try #require(SeedPage.stories.count == 5, "the seed fixture is readable")
        let newsroom = Newsroom()
        for id in order {
            let story = try #require(SeedPage.stories.first { $0.id == id })
            try newsroom.arrive(
                id,
                feed: story.feed,
                title: story.title,
                text: story.text,
                link: story.link,
                published: story.published
            )
        }
        #expect(
            newsroom.partition == [["A"], ["B"], ["C"], ["D"], ["stitched"]],
            "four stories and the page, each alone"
        )
        let page = try #require(newsroom.article("stitched"))
        #expect(page.placement.isComposite)
        #expect(["A", "B", "C", "D"].allSatisfy { newsroom.article($0)?.placement.isComposite == false })
        #expect(newsroom.storage.clusters.count == 5)
        let passages = try #require(newsroom.storage.passages[page.id])
        let names = Dictionary(uniqueKeysWithValues: newsroom.ids.map { ($1, $0) })
        let bySource = Dictionary(grouping: passages) { names[$0.sourceId] ?? "?" }
        #expect(Set(bySource.keys) == ["A", "B", "C", "D"])
        #expect(bySource["B"]?.count == 2, "the US–Japan story is interrupted by the related-story box and resumed")
        let scalars = Array(SeedPage.stories[4].text.unicodeScalars)
        func text(_ passage: StitchedPassage?) -> String {
            passage.map { String(String.UnicodeScalarView(scalars[$0.span])) } ?? ""
        }
        let (c, bFirst, bLast, d) = (
            text(bySource["C"]?.first), text(bySource["B"]?.first), text(bySource["B"]?.last),
            text(bySource["D"]?.first)
        )
        #expect(c.hasPrefix("Đại sứ Philippines"))
        #expect(bFirst.contains("Xung đột ở Ukraine đã làm thay đổi"))
        #expect(bLast.hasPrefix("Đạn dược là một vấn đề khác"))
        #expect(d.hasPrefix("Bộ Tư lệnh Liên Hợp Quốc"))
        #expect(passages.allSatisfy { $0.coverage > 0.8 }, "each story is almost wholly in the page")
    }

    @Test func anEarlierCopyArrivingLaterBecomesCanonicalAndTheFirstADuplicate() throws {
        let newsroom = Newsroom()
        let published = newsroom.start.addingTimeInterval(-3600)
        try newsroom.arrive("repost", feed: "paper", title: "Repost", text: story.uppercased(), published: published)
        try newsroom.arrive(
            "original",
            feed: "wire",
            title: "Original",
            text: story,
            published: published.addingTimeInterval(-7200)
        )
        try newsroom.arrive("unrelated", feed: "wire", title: "Other", text: other)
        #expect(newsroom.partition == [["original", "repost"], ["unrelated"]])
        #expect(newsroom.canonical(of: "repost") == "original", "re-elected when an earlier copy arrived")
        #expect(newsroom.article("original")?.relation == .canonical)
        #expect(newsroom.article("repost")?.relation == .duplicate)
        #expect(
            newsroom.article("original")?.placement.matchKind == .duplicate,
            "it matched the copy that founded the cluster"
        )
    }

    @Test func theSamePageUnderTwoURLFormsIsOneStory() throws {
        let newsroom = Newsroom()
        // An aggregator's snippet under the story's link.
        try newsroom.arrive(
            "teaser",
            feed: "aggregator",
            title: "Teaser",
            text: "a teaser",
            link: "https://www.site.example/story?utm_source=rss"
        )
        try newsroom.arrive("full", feed: "a", title: "Full", text: story, link: "http://site.example/story")
        #expect(newsroom.partition == [["full", "teaser"]])
    }

    @Test func theTextOfOneStoryUnderThePageOfAnotherJoinsTheTextsStoryAndMergesNothing() throws {
        let newsroom = Newsroom()
        try newsroom.arrive("one", feed: "a", title: "A", text: story, link: "https://x.example/1")
        try newsroom.arrive("two", feed: "a", title: "B", text: other, link: "https://x.example/2")
        // The text of one and the page of two: a page is evidence only with its text.
        try newsroom.arrive("both", feed: "c", title: "C", text: story, link: "https://x.example/2")
        #expect(newsroom.partition == [["both", "one"], ["two"]])
        #expect(newsroom.storage.clusters.count == 2, "provisional clusters are gone")
    }

    @Test func aTeaserThatArrivesFirstBecomesAPartialOfTheFullStory() throws {
        let newsroom = Newsroom()
        let teaser = Newsroom.words("chữ", 1...30)
        try newsroom.arrive("teaser", feed: "a", title: "Teaser", text: teaser, link: "https://a.example/teaser")
        try newsroom.arrive("full", feed: "b", title: "Full", text: story, link: "https://b.example/full")
        #expect(newsroom.partition == [["full", "teaser"]])
        #expect(newsroom.canonical(of: "teaser") == "full", "a partial copy is never the original")
        #expect(newsroom.article("teaser")?.relation == .partial)
        #expect(newsroom.article("teaser")?.placement.matchKind == .partial)
        #expect(newsroom.article("full")?.placement.matchKind == .nearDuplicate)
    }

    @Test func aCopyOfAStoryFromLongAgoIsRecycledAndNeverCanonical() throws {
        let newsroom = Newsroom()
        try newsroom.arrive("original", feed: "a", title: "Then", text: story, published: newsroom.start)
        let later = newsroom.start.addingTimeInterval(90 * day)
        try newsroom.arrive("again", feed: "b", title: "Now", text: story, published: later, seen: later)
        #expect(newsroom.partition == [["again", "original"]])
        #expect(newsroom.article("again")?.relation == .recycled)
        #expect(newsroom.canonical(of: "again") == "original")
    }

    @Test func aLightlyEditedCopyIsANearDuplicateAndADifferentStoryStaysApart() throws {
        let newsroom = Newsroom()
        try newsroom.arrive("original", feed: "a", title: "A", text: story)
        let edited = story.replacingOccurrences(of: "chữ5 ", with: "đổi5 ").replacingOccurrences(
            of: "chữ50 ",
            with: "đổi50 "
        )
        try newsroom.arrive("edited", feed: "b", title: "B", text: edited)
        try newsroom.arrive("other", feed: "c", title: "C", text: other)
        #expect(newsroom.partition == [["edited", "original"], ["other"]])
        #expect(
            newsroom.article("edited")?.placement.matchKind == .duplicate
                || newsroom.article("edited")?.placement.matchKind == .nearDuplicate
        )
        #expect(newsroom.article("edited")?.relation != .canonical)
    }

    @Test func aFeedsRepeatedFurnitureIsLearnedAndStopsMatchingItsStories() throws {
        // Three different short stories from one feed, each ending in the same long line of furniture: once the
        // line is learned, a fourth story with it matches none of them.
        let furniture = Newsroom.words("quảngcáo", 1...40)
        let newsroom = Newsroom()
        for index in 1...4 {
            let text = Newsroom.words("tin\(index)x", 1...30) + "\n" + furniture
            try newsroom.arrive("story\(index)", feed: "site", title: "Story \(index)", text: text)
        }
        #expect(newsroom.partition.contains(["story4"]), "the learned furniture no longer identifies a story")
    }
}
