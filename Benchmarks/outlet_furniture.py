"""Page furniture of outlets Seams has never seen, generated from a seed: what each outlet wraps around every item.

Each outlet gets a made-up name and, in Vietnamese or English, a subset of: a section line on top, a date line and a
reading-time line that change with every item, a byline rotating among a few staff names, a share line, a copyright or licence footer, a newsletter or follow-us plug, an advertisement
marker. Vocabularies are drawn per outlet, so no two outlets (and no two seeds) share their furniture word for word.
"""
import random

SYLLABLES_VI = ["Tin", "Nhanh", "Sáng", "Việt", "Đời", "Sống", "Phố", "Mới", "Hồng", "Bắc", "Nam", "Tâm", "Điểm",
                "Báo", "Nhật", "Thời", "Luận", "Dân", "Hà", "Thành"]
SYLLABLES_EN = ["Daily", "Herald", "Post", "Ledger", "Wire", "Courier", "Metro", "Tribune", "Gazette", "Signal",
                "Beacon", "Record", "Observer", "Times", "Report", "Press", "Journal", "Chronicle"]
SECTIONS_VI = ["Thời sự", "Thế giới", "Kinh doanh", "Pháp luật", "Xã hội", "Quốc tế", "Tài chính", "Đời sống"]
SECTIONS_EN = ["World", "Business", "Markets", "Politics", "Economy", "Asia", "Top stories", "Finance"]
GIVEN_VI = ["Minh Anh", "Thu Hà", "Quốc Khánh", "Lan Phương", "Đức Huy", "Hoàng Nam", "Bảo Ngọc", "Thanh Tùng"]
GIVEN_EN = ["Anna Reyes", "Tom Walker", "Priya Shah", "Lucas Meyer", "Sara Kim", "David Osei", "Mia Rossi", "Ken Ito"]


def outlet_furniture(seed, index):
    """The furniture of outlet `index` for world `seed`: a dict of header and footer line generators."""
    rng = random.Random(seed * 1000 + index)
    vi = rng.random() < 0.5
    name = " ".join(rng.sample(SYLLABLES_VI if vi else SYLLABLES_EN, 2))
    staff = rng.sample(GIVEN_VI if vi else GIVEN_EN, rng.randint(2, 4))
    section = rng.choice(SECTIONS_VI if vi else SECTIONS_EN)
    separator = rng.choice([" - ", " › ", " | ", " / "])
    header, footer = [], []
    if rng.random() < 0.8:
        header.append(lambda r: name + separator + section)
    if rng.random() < 0.7:
        if vi:
            byline = rng.choice(["{} ", "Theo {}", "{} - {}".format("{}", name), "PV {}"])
        else:
            byline = rng.choice(["By {}, Correspondent", "{} | " + name, "By {}", "Reporting by {}"])
        header.append(lambda r: byline.format(r.choice(staff)).strip())
    if rng.random() < 0.5:
        # A date line that changes with every item ("Cập nhật: 08:30 02/03/2023", "Published 09:41 GMT, 3 March").
        if vi:
            stamp = rng.choice(["Cập nhật: {h:02d}:{m:02d} {d:02d}/03/2023", "{wd}, {d}/3/2023, {h:02d}:{m:02d} (GMT+7)",
                                "Đăng lúc {h}h{m:02d} ngày {d}/3"])
            days = ["Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật"]
        else:
            stamp = rng.choice(["Published {h:02d}:{m:02d} GMT, {d} March 2023", "Updated {wd} {d} March 2023 {h}.{m:02d}",
                                "{d}/03/2023 {h:02d}:{m:02d}"])
            days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
        header.insert(rng.randint(0, len(header)), lambda r: stamp.format(
            h=r.randint(0, 23), m=r.randint(0, 59), d=r.randint(1, 28), wd=r.choice(days)))
    if rng.random() < 0.3:
        header.append(lambda r, form=rng.choice(["Thời gian đọc: {} phút", "{} phút đọc"] if vi
                                               else ["{} min read", "Reading time: {} minutes"]): form.format(r.randint(2, 9)))
    if rng.random() < 0.6:
        networks = rng.sample(["Facebook", "Zalo", "Twitter", "Email", "X", "LinkedIn", "WhatsApp", "Telegram"], rng.randint(2, 4))
        prefix = rng.choice(["Chia sẻ:", "Chia sẻ bài viết:", "Gửi bài viết qua", "Chia sẻ lên"] if vi
                            else ["Share:", "Share this article:", "Share this story on", "Spread the word:"])
        footer.append(lambda r, line=prefix + " " + rng.choice([" | ", " · ", ", "]).join(networks): line)
    if rng.random() < 0.8:
        year = rng.randint(2019, 2025)
        footer.append(lambda r, line=("Bản quyền © {} {}. Giấy phép số {}/GP-BTTTT".format(year, name, rng.randint(10, 999)) if vi
                                      else "© {} {}. All rights reserved.".format(year, name)): line)
    if rng.random() < 0.5:
        footer.append(lambda r, line=("Đăng ký nhận bản tin {} mỗi sáng để không bỏ lỡ tin tức".format(name) if vi
                                      else "Follow {} on Google News and sign up for our morning newsletter".format(name)): line)
    ad = rng.choice(["Quảng cáo", "QUẢNG CÁO", "Nội dung tài trợ"] if vi else ["ADVERTISEMENT", "Advertisement", "Sponsored content"])
    ad_rate = rng.choice([0, 0.3, 0.6])
    return {"name": name, "header": header, "footer": footer, "ad": ad, "ad_rate": ad_rate}


def wrap(furniture, paragraphs, rng, ads=True):
    """The item's paragraphs inside the outlet's furniture, the number of characters put before them, and the body
    (with an advertisement marker among its paragraphs when `ads` and the outlet has them)."""
    header = [line(rng) for line in furniture["header"]]
    footer = [line(rng) for line in furniture["footer"]]
    body = list(paragraphs)
    if ads and body and furniture["ad_rate"] and rng.random() < furniture["ad_rate"]:
        body.insert(rng.randint(1, len(body)) if len(body) > 1 else 1, furniture["ad"])
    shift = sum(len(h) + 1 for h in header)
    return header + body + footer, shift, body
