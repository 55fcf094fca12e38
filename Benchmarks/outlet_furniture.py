"""Page furniture of outlets Seams has never seen, generated from a seed: what each outlet wraps around every item.

Each outlet gets a made-up name and, in Vietnamese or English, a subset of: a section line on top, a byline rotating
among a few staff names, a share line, a copyright or licence footer, a newsletter or follow-us plug, an advertisement
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
    if rng.random() < 0.6:
        footer.append(lambda r, line=(rng.choice(["Chia sẻ: Facebook | Zalo | Twitter", "Chia sẻ bài viết: Facebook · Zalo",
                                                    "Gửi bài viết qua Zalo | Facebook | Email"]) if vi else
                                       rng.choice(["Share this article: Facebook · X · Email", "Share: Facebook | X | LinkedIn",
                                                   "Share this story on Facebook, X or WhatsApp"])): line)
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
