/// Unifies where Vietnamese writes the tone mark in the open syllables ending in *oa*, *oe* and *uy*.
///
/// The old style marks the first vowel (hòa, khỏe, thủy), the new style the second (hoà, khoẻ, thuỷ); outlets
/// use both, so a copy in the other style would otherwise share no shingle with its original on those
/// syllables. Matching uses the new style. Syllables with a final consonant (hoàn, toán) are written the same
/// way in both styles and are left alone.
enum VietnameseTones {
    /// Toned lowercase o and u: scalar → (index of the tone 0…4, the base vowel).
    private static let firstVowel: [UInt32: (tone: Int, base: UInt32)] = {
        var table: [UInt32: (Int, UInt32)] = [:]
        for (tone, scalar) in "òóỏõọ".unicodeScalars.enumerated() { table[scalar.value] = (tone, 0x6F) }
        for (tone, scalar) in "ùúủũụ".unicodeScalars.enumerated() { table[scalar.value] = (tone, 0x75) }
        return table
    }()

    /// The toned forms of a, e, y, by tone index.
    private static let secondVowel: [UInt32: [UInt32]] = [
        0x61: "àáảãạ".unicodeScalars.map(\.value), 0x65: "èéẻẽẹ".unicodeScalars.map(\.value),
        0x79: "ỳýỷỹỵ".unicodeScalars.map(\.value),
    ]

    /// The new-style spelling of a lowercase token's last two scalars (`before` is the one preceding them), or nil
    /// when they need no change.
    @inline(__always)
    static func unified(before: UInt32?, _ penultimate: UInt32, _ last: UInt32) -> (UInt32, UInt32)? {
        // Only a toned o or u (all outside ASCII) followed by a plain a, e or y can be old style.
        guard penultimate >= 0xF2, last < 0x80, let toned = secondVowel[last],
            let (tone, base) = firstVowel[penultimate]
        else {
            return nil
        }
        let pairs = (base == 0x6F && (last == 0x61 || last == 0x65)) || (base == 0x75 && last == 0x79)
        guard pairs else { return nil }
        // "qu" + y is a consonant and a vowel, not the pair "uy"; its tone already sits on the y.
        if base == 0x75, before == 0x71 { return nil }
        return (base, toned[tone])
    }
}
