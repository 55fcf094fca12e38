import Foundation
import SeamsCluster
import Testing

/// Reports of one event reuse one wire text, and a story holds its own truncation: neither is a page stitched from
/// several stories. A page is stitched when it borrows from distinct stories — even from one interrupted and resumed,
/// and even when a page it seemed to borrow from turns out to be stitched itself.
struct RelatedReportTests {
    /// Words `prefix1 … prefixN` of the given range.
    func words(_ prefix: String, _ range: ClosedRange<Int>) -> String { Newsroom.words(prefix, range) }

    @Test func aReportBorrowingFromTwoReportsOfOneWireTextIsNotStitched() throws {
        let newsroom = Newsroom()
        // Two outlets' reports of one event, each with part of the wire text (they share wire31…wire60).
        try newsroom.arrive("first", feed: "a", text: words("own", 1...50) + " " + words("wire", 1...60))
        try newsroom.arrive("second", feed: "b", text: words("wire", 31...90) + " " + words("other", 1...50))
        try newsroom.arrive("third", feed: "c", text: words("wire", 1...90) + " " + words("mine", 1...10))
        // A page that borrows the first report's wire text and an unrelated story is stitched.
        try newsroom.arrive("unrelated", feed: "d", text: words("market", 1...80))
        try newsroom.arrive("page", feed: "e", text: words("wire", 1...60) + " " + words("market", 1...50))
        #expect(newsroom.composites == ["page"])
        #expect(newsroom.sources(of: "page") == ["first", "unrelated"])
        #expect(newsroom.partition == [["first"], ["second"], ["third"], ["unrelated"], ["page"]])
    }

    @Test func aStoryHoldingItsTruncationAndAParagraphOfARelatedReportJoinsTheTruncation() throws {
        let newsroom = Newsroom()
        let story = words("story", 1...100)
        try newsroom.arrive("truncation", feed: "a", text: words("story", 1...60))
        try newsroom.arrive("related", feed: "b", text: words("else", 1...60) + " " + words("story", 66...100))
        try newsroom.arrive("story", feed: "c", text: story)
        #expect(newsroom.composites.isEmpty)
        #expect(newsroom.partition == [["story", "truncation"], ["related"]])
        #expect(newsroom.canonical(of: "truncation") == "story")
    }

    @Test func aStoryInterruptedAndResumedIsASourceOfThePageThatOpensWithIt() throws {
        let newsroom = Newsroom()
        // The page opens with story A, interrupted by a box from story C, and ends with a teaser of a story D that
        // never arrives.
        let page = [
            words("alpha", 1...50), words("box", 1...40), words("alpha", 51...100), words("delta", 1...40),
        ].joined(separator: " ")
        try newsroom.arrive("page", feed: "aggregator", text: page)
        try newsroom.arrive("A", feed: "a", text: words("alpha", 1...100))
        #expect(newsroom.composites.isEmpty, "one story in a page is no stitching yet")
        try newsroom.arrive("C", feed: "c", text: words("box", 1...80))
        #expect(newsroom.composites == ["page"])
        #expect(newsroom.sources(of: "page") == ["A", "C"])
        #expect(newsroom.partition == [["A"], ["C"], ["page"]])
    }

    @Test func leadsThatJoinedAPageLaterFoundStitchedGoToTheirStory() throws {
        let newsroom = Newsroom()
        try newsroom.arrive("page", feed: "agg", text: words("alpha", 1...60) + " " + words("beta", 1...60))
        // Two outlets' leads of story A: the page holds them, and they join it before anyone knows it is stitched.
        try newsroom.arrive("lead", feed: "l", title: "Alpha", text: words("alpha", 1...30))
        try newsroom.arrive("copy", feed: "m", title: "Alpha", text: words("alpha", 1...30) + "\nReuters")
        // A is no copy of the page: it stays apart from the leads the page holds.
        try newsroom.arrive("A", feed: "a", text: words("alpha", 1...100))
        #expect(newsroom.partition == [["copy", "lead", "page"], ["A"]])
        try newsroom.arrive("B", feed: "b", text: words("beta", 1...100))
        #expect(newsroom.composites == ["page"])
        #expect(newsroom.partition == [["A", "copy", "lead"], ["B"], ["page"]])
        #expect(newsroom.canonical(of: "lead") == "A")
    }

    @Test func aPageThatBorrowedFromAPageLaterFoundStitchedIsPlacedAfresh() throws {
        let newsroom = Newsroom()
        // An aggregator's page of stories A, B and most of X, stored before any of them.
        let aggregator = [words("alpha", 1...80), words("beta", 1...50), words("xray", 1...60)]
        try newsroom.arrive("aggregator", feed: "agg", text: aggregator.joined(separator: " "))
        try newsroom.arrive("S", feed: "s", text: words("sierra", 1...60) + " " + words("zulu", 1...30))
        // X holds its own text and a paragraph it shares with S: while the aggregator's page looks like a story,
        // X looks stitched from it and S.
        try newsroom.arrive("X", feed: "x", text: words("xray", 1...60) + " " + words("zulu", 1...30))
        try newsroom.arrive("A", feed: "a", text: words("alpha", 1...80))
        try newsroom.arrive("B", feed: "b", text: words("beta", 1...50))
        #expect(newsroom.composites == ["aggregator"], "X borrowed from a stitched page, which is no story")
        #expect(newsroom.sources(of: "aggregator") == ["A", "B", "X"])
        #expect(newsroom.partition == [["A"], ["B"], ["S"], ["X"], ["aggregator"]])
    }
}
