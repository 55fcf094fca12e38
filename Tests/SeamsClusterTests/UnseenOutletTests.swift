import Foundation
import SeamsCluster
import SeamsSeedFixture
import Testing

/// Copies on outlets the deduplicator has never seen: each wraps its items in furniture of its own, copies short
/// leads and teasers, re-sends corrections and publishes roundups — and the stories must still come together.
struct UnseenOutletTests {
    /// The seed's four stories (A–D), real Vietnamese news.
    let stories = SeedPage.stories.filter { $0.id != "stitched" }

    /// An outlet's furniture: a section line, a byline rotating among two names, a share line and a footer.
    struct Outlet {
        var section: String
        var bylines: [String]
        var footer: [String]

        func wrap(_ text: String, _ index: Int) -> String {
            ([section, bylines[index % bylines.count], text] + footer).joined(separator: "\n")
        }
    }

    let tinNhanh = Outlet(
        section: "Tin Nhanh - Thời sự",
        bylines: ["Minh Anh", "Thu Hà"],
        footer: ["Chia sẻ: Facebook | Zalo | Twitter", "Bản quyền © 2024 Tin Nhanh. Giấy phép số 123/GP-BTTTT"]
    )
    let herald = Outlet(
        section: "Daily Herald › World",
        bylines: ["By Tom Walker, Correspondent", "By Sara Kim, Correspondent"],
        footer: [
            "Share this article: Facebook · X · Email", "© 2025 Daily Herald. All rights reserved.",
            "Follow Daily Herald on Google News and sign up for our morning newsletter",
        ]
    )

    func story(_ id: String) throws -> SeedPage.Story { try #require(stories.first { $0.id == id }) }

    /// The first `count` words of a story.
    func lead(_ id: String, _ count: Int = 25) throws -> String {
        try story(id).text.split(whereSeparator: \.isWhitespace).prefix(count).joined(separator: " ")
    }

    /// Other stories of an outlet, so that it has furniture to learn.
    func fillers(_ prefix: String, _ count: Int) -> [String] {
        (1...count).map { Newsroom.words("\(prefix)\($0)x", 1...60) }
    }

    @Test func twoOutletsFurnitureAroundTheSameShortLeadIsOneStory() throws {
        let newsroom = Newsroom()
        let a = try story("A")
        try newsroom.arrive("A", feed: a.feed, title: a.title, text: a.text)
        // Each lead comes first in its outlet's fetch, before any of its furniture was seen.
        let lead = try lead("A")
        let tin = [lead] + fillers("tin", 3)
        try newsroom.arrive(
            batch: tin.enumerated().map {
                ("tin\($0.offset)", "Tin \($0.offset)", tinNhanh.wrap($0.element, $0.offset))
            },
            feed: "tin-nhanh"
        )
        let her = fillers("herald", 3) + [lead]
        try newsroom.arrive(
            batch: her.enumerated().map {
                ("herald\($0.offset)", "Herald \($0.offset)", herald.wrap($0.element, $0.offset))
            },
            feed: "herald"
        )
        #expect(newsroom.partition.contains(["A", "herald3", "tin0"]), "\(newsroom.partition)")
        #expect(newsroom.partition.count == 7, "the six other stories stay apart: \(newsroom.partition)")
        #expect(newsroom.canonical(of: "tin0") == "A")
        #expect(newsroom.article("tin0")?.relation == .partial)
    }

    @Test func aDateLineThatChangesWithEveryItemIsFurnitureToo() throws {
        let newsroom = Newsroom()
        let a = try story("A")
        try newsroom.arrive("A", feed: a.feed, title: a.title, text: a.text)
        let items = [try lead("A", 20)] + fillers("herald", 3)
        try newsroom.arrive(
            batch: items.enumerated().map { index, text in
                let dated = "Updated \(index + 1) March 2023 \(9 + index).\(10 * index + 5) GMT"
                return ("herald\(index)", "Herald \(index)", dated + "\n" + herald.wrap(text, index))
            },
            feed: "herald"
        )
        #expect(newsroom.partition.contains(["A", "herald0"]), "\(newsroom.partition)")
        #expect(newsroom.partition.count == 4)
    }

    @Test func aCopyStoredBeforeItsOutletsFurnitureWasLearnedJoinsItsStoryAfter() throws {
        let newsroom = Newsroom()
        let a = try story("A")
        try newsroom.arrive("A", feed: a.feed, title: a.title, text: a.text)
        try newsroom.arrive(batch: [("lead", "Lead", herald.wrap(try lead("A"), 0))], feed: "herald")
        #expect(newsroom.partition.contains(["lead"]), "half of it is furniture nobody has seen yet")
        let later = fillers("herald", 3).enumerated().map {
            ("herald\($0.offset)", "Herald \($0.offset)", herald.wrap($0.element, $0.offset + 1))
        }
        try newsroom.arrive(batch: later, feed: "herald")
        #expect(newsroom.partition.contains(["A", "lead"]), "re-examined once the furniture is learned")
        #expect(newsroom.canonical(of: "lead") == "A")
    }

    /// A morning briefing: each story's headline and first words, between the briefing's own header and footer.
    func roundup(of ids: [String]) throws -> String {
        let items = try ids.map { id in [try story(id).title, try lead(id, 22)] }.joined()
        return (["Điểm tin sáng nay"] + items + ["Mời quý độc giả đón đọc"]).joined(separator: "\n")
    }

    @Test func aRoundupOfShortPassagesIsFoundWithEachSourceWhenItArrivesFirst() throws {
        let newsroom = Newsroom()
        try newsroom.arrive(
            "roundup",
            feed: "briefing",
            title: "Điểm tin",
            text: try roundup(of: ["A", "B", "C", "D"])
        )
        #expect(newsroom.composites.isEmpty, "no source is known yet")
        for id in ["A", "B", "C", "D"] {
            let story = try story(id)
            try newsroom.arrive(id, feed: story.feed, title: story.title, text: story.text)
        }
        #expect(newsroom.composites == ["roundup"])
        #expect(newsroom.sources(of: "roundup") == ["A", "B", "C", "D"])
        #expect(newsroom.partition == [["A"], ["B"], ["C"], ["D"], ["roundup"]], "linked, never merged")
        let page = try #require(newsroom.article("roundup"))
        let text = Array(try roundup(of: ["A", "B", "C", "D"]).unicodeScalars)
        for passage in try #require(newsroom.storage.passages[page.id]) {
            let shown = String(String.UnicodeScalarView(text[passage.span]))
            let source = try #require(newsroom.storage.articles[passage.sourceId])
            let name = try #require(newsroom.ids.first { $0.value == source.id }?.key)
            #expect(try lead(name, 22).hasSuffix(shown) || shown.count > 60, "\(name): \(shown)")
        }
    }

    @Test func aRoundupIsFoundWhenOneOfItsSourcesNeverArrives() throws {
        let newsroom = Newsroom()
        for id in ["B", "A"] {
            let story = try story(id)
            try newsroom.arrive(id, feed: story.feed, title: story.title, text: story.text)
        }
        try newsroom.arrive(
            "roundup",
            feed: "briefing",
            title: "Điểm tin",
            text: try roundup(of: ["A", "B", "C", "D"])
        )
        let c = try story("C")
        try newsroom.arrive("C", feed: c.feed, title: c.title, text: c.text)
        #expect(newsroom.composites == ["roundup"])
        #expect(newsroom.sources(of: "roundup") == ["A", "B", "C"])
    }

    @Test func aTeaserAndItsCopyStoredFirstGiveWayToTheFullStory() throws {
        let newsroom = Newsroom()
        let a = try story("A")
        let teaser = try lead("A", 45)
        let early = newsroom.start.addingTimeInterval(-7200)
        try newsroom.arrive("teaser", feed: "t", title: a.title, text: teaser, published: early)
        try newsroom.arrive("copy", feed: "c", title: a.title, text: teaser, published: early.addingTimeInterval(60))
        try newsroom.arrive("full", feed: a.feed, title: a.title, text: a.text, published: newsroom.start)
        #expect(newsroom.partition == [["copy", "full", "teaser"]])
        #expect(newsroom.canonical(of: "copy") == "full", "the original is the full story, not its teaser")
    }

    @Test func aCorrectedReSendJoinsItsStoryAndADifferentCompanyStaysApart() throws {
        let newsroom = Newsroom()
        let early = newsroom.start.addingTimeInterval(-3600)
        let brief = "Qtly div 48 cts vs 44 cts prior\nPay May One\nRecord April One\nReuter"
        try newsroom.arrive(
            "original",
            feed: "wire",
            title: "CINCINNATI BELL INC RAISES QUARTERLY",
            text: brief,
            published: early
        )
        try newsroom.arrive(
            "corrected",
            feed: "wire",
            title: "CORRECTED - CINCINNATI BELL INC RAISES QUARTERLY",
            text: brief.replacingOccurrences(of: "48", with: "56")
        )
        try newsroom.arrive(
            "other",
            feed: "wire",
            title: "PEOPLES BANCORPORATION QUARTERLY DIVIDEND",
            text: brief.replacingOccurrences(of: "April One", with: "April Two")
        )
        let report = Newsroom.words("rose", 1...60) + " 4.5 pct " + Newsroom.words("said", 1...60)
        try newsroom.arrive("report", feed: "wire", title: "MARKETS RISE", text: report, published: early)
        try newsroom.arrive(
            "update",
            feed: "wire",
            title: "UPDATE 1-MARKETS RISE",
            text: report.replacingOccurrences(of: "4.5", with: "5.5")
        )
        #expect(newsroom.partition == [["corrected", "original"], ["other"], ["report", "update"]])
        #expect(newsroom.canonical(of: "corrected") == "original")
        #expect(newsroom.canonical(of: "update") == "report")
        let kinds: Set<MatchKind?> = [.duplicate, .nearDuplicate]
        #expect(kinds.contains(newsroom.article("corrected")?.placement.matchKind))
        #expect(kinds.contains(newsroom.article("update")?.placement.matchKind))
    }

    @Test func aStoryReSentInItsOwnFeedDoesNotTeachItsLinesAsFurniture() throws {
        let newsroom = Newsroom()
        // An earnings table: short lines, as furniture lines are.
        let table = [
            "Acme Corp said third quarter results were", "Shr 1.20 dlrs vs 1.05 dlrs", "Net 12.5 mln vs 10.9 mln",
            "Revs 150.2 mln vs 140.1 mln", "Nine mths", "Shr 3.40 dlrs vs 3.10 dlrs", "Net 35.1 mln vs 31.0 mln",
            "Revs 420.7 mln vs 401.2 mln",
        ].joined(separator: "\n")
        let title = "ACME CORP 3RD QTR NET"
        // The wire sends the table, a correction and a refile, each in a fetch of its own, under its furniture.
        for (index, prefix) in ["", "CORRECTED - ", "REFILE-"].enumerated() {
            let others = fillers("w\(index)", 3).enumerated().map {
                ("w\(index)-\($0.offset)", "W", herald.wrap($0.element, $0.offset))
            }
            try newsroom.arrive(
                batch: [("wire\(index)", prefix + title, herald.wrap(table, index))] + others,
                feed: "wire"
            )
        }
        #expect(newsroom.article("wire2")?.tokenCount ?? 0 >= 40, "the table's own lines are not furniture")
        // Another outlet's copy under its own furniture is a copy of the wire's.
        let tin =
            [("copy", title, tinNhanh.wrap(table, 0))]
            + fillers("tin", 3).enumerated().map { ("tin\($0.offset)", "T", tinNhanh.wrap($0.element, $0.offset)) }
        try newsroom.arrive(batch: tin, feed: "tin-nhanh")
        let cluster = try #require(newsroom.partition.first { $0.contains("copy") })
        #expect(cluster == ["copy", "wire0", "wire1", "wire2"])
    }

    @Test func itemsFromOneHeadlineTemplateAreNotCorrectionsOfEachOther() throws {
        let newsroom = Newsroom()
        func listing(_ match: String) -> String {
            "Watch the live broadcast of \(match) in full HD at high speed, with sopcast and acestream links, good "
                + "commentary, both line-ups, the referee and second by second match statistics."
        }
        try newsroom.arrive(
            "austin",
            feed: "scores",
            title: "Watch live: Austin vs Real Salt Lake, kick-off at 02:30 tonight",
            text: listing("Austin vs Real Salt Lake")
        )
        try newsroom.arrive(
            "espanyol",
            feed: "scores",
            title: "Watch live: Espanyol vs Real Madrid, kick-off at 21:15 tonight",
            text: listing("Espanyol vs Real Madrid")
        )
        #expect(newsroom.partition == [["austin"], ["espanyol"]])
    }

    @Test func theStoryGathersTheLeadStoredBeforeItThoughItJoinsAnEditedCopy() throws {
        let newsroom = Newsroom()
        let story = Newsroom.words("w", 1...120)
        let lead = Newsroom.words("w", 1...30)
        try newsroom.arrive("lead", feed: "a", title: "Markets rise", text: lead)
        // An edited copy whose edits fall in the lead: the lead is not a partial copy of it.
        let edited = story.replacingOccurrences(of: "w10 ", with: "x10 ").replacingOccurrences(of: "w20 ", with: "x20 ")
        try newsroom.arrive("edited", feed: "b", text: edited)
        // The original resembles the edited copy and joins it, and takes the lead it holds with it.
        try newsroom.arrive("original", feed: "c", text: story)
        #expect(newsroom.partition == [["edited", "lead", "original"]])
        #expect(newsroom.canonical(of: "lead") == "edited")
        try newsroom.arrive("copy", feed: "d", title: "Markets rise", text: lead + "\nReuters")
        #expect(newsroom.partition == [["copy", "edited", "lead", "original"]])
    }

    @Test func threeArrivalOrdersOfOneSmallWorldGiveOnePartition() throws {
        // Feeds fetched in three orders: each fetch is one batch, as an ingest stores it.
        var fetches: [(feed: String, items: [(name: String, title: String, text: String)])] = []
        for id in ["A", "B", "C", "D"] {
            let story = try story(id)
            fetches.append((story.feed, [(id, story.title, story.text)]))
        }
        let seed = try #require(SeedPage.stories.last)
        fetches.append(("aggregator", [("stitched", seed.title, seed.text)]))
        fetches.append(("briefing", [("roundup", "Điểm tin", try roundup(of: ["A", "B", "C", "D"]))]))
        let tin = [try lead("B", 30)] + fillers("tin", 3)
        fetches.append(
            ("tin-nhanh", tin.enumerated().map { ("tin\($0.offset)", "Tin", tinNhanh.wrap($0.element, $0.offset)) })
        )
        let her = [try lead("A", 40)] + fillers("herald", 3)
        fetches.append(
            ("herald", her.enumerated().map { ("herald\($0.offset)", "H", herald.wrap($0.element, $0.offset)) })
        )
        var partitions: [Set<[String]>] = []
        var stitched: [Set<String>] = []
        for order in [Array(fetches.indices), fetches.indices.reversed(), [5, 7, 1, 4, 6, 0, 3, 2]] {
            let newsroom = Newsroom()
            for index in order { try newsroom.arrive(batch: fetches[index].items, feed: fetches[index].feed) }
            partitions.append(newsroom.partition)
            stitched.append(newsroom.composites)
        }
        #expect(
            partitions.allSatisfy { $0 == partitions[0] },
            "\(partitions.map { $0.sorted { $0.joined() < $1.joined() } })"
        )
        #expect(stitched.allSatisfy { $0 == ["roundup", "stitched"] }, "\(stitched)")
        #expect(partitions[0].contains(["A", "herald0"]) && partitions[0].contains(["B", "tin0"]))
    }
}
