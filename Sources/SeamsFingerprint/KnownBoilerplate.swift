/// Lines that are page furniture wherever they appear.
enum KnownBoilerplate {
    static let phrases = [
        "Video đang HOT", "Xem thêm", "TIN LIÊN QUAN", "Tin liên quan", "Tin cùng chuyên mục", "Đọc thêm", "Xem video",
        "Bình luận", "Chia sẻ", "Quảng cáo", "Read more", "Related", "Related articles", "Advertisement", "Share this",
        "Click here", "Watch", "Subscribe",
    ]

    static let lineHashes: Set<UInt64> = {
        Set(
            phrases.map { phrase in
                MatchTokenizer.rawTokenHashes(phrase).reduce(0, MatchTokenizer.combine)
            }
        )
    }()
}

/// Words that open a photo credit or caption ("Ảnh: REUTERS/TTXVN", "Photo: AP"). Not "video": short items end
/// their lead with "VIDEO CLIP".
enum CaptionMarkers {
    static let hashes: Set<UInt64> = Set(
        ["ảnh", "photo", "image", "nguồn", "source", "credit"].map(MatchTokenizer.tokenHash)
    )
}
