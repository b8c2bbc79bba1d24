"""The four demo courses, written for community digital technology teams.

Kept apart from the loader so the text can be reviewed (and corrected by trainers) without
reading code. Body items are ``(block type, value)`` pairs turned into StreamField data by
``courses.demo``.
"""


def h(text):
    return ("heading", text)


def p(html):
    return ("paragraph", html)


def tip(html, style="tip"):
    return ("callout", {"style": style, "text": html})


def steps(title, items):
    return (
        "steps",
        {"title": title, "steps": [{"text": item, "screenshot": None} for item in items]},
    )


def single(question, options, correct, explanation):
    return (
        "single_choice",
        {
            "question": question,
            "options": [{"text": text, "correct": i == correct} for i, text in enumerate(options)],
            "explanation": explanation,
        },
    )


def multiple(question, options, correct, explanation):
    return (
        "multiple_choice",
        {
            "question": question,
            "options": [{"text": text, "correct": i in correct} for i, text in enumerate(options)],
            "explanation": explanation,
        },
    )


def true_false(question, answer, explanation):
    return (
        "true_false",
        {"question": question, "answer": "true" if answer else "false", "explanation": explanation},
    )


INDEX = {
    "title": "Khóa học",
    "slug": "khoa-hoc",
    "intro": (
        "Các khóa học ngắn, học trên điện thoại, giúp thành viên Tổ công nghệ số cộng đồng "
        "hướng dẫn bà con dùng dịch vụ công trực tuyến, VNeID và tự bảo vệ trên không gian mạng."
    ),
}

DVC = {
    "code": "DVC-01",
    "slug": "cong-dich-vu-cong-quoc-gia",
    "title": "Hướng dẫn người dân sử dụng Cổng Dịch vụ công quốc gia",
    "summary": (
        "Biết Cổng Dịch vụ công quốc gia làm được gì, đăng nhập bằng tài khoản VNeID, nộp một "
        "hồ sơ trực tuyến, theo dõi kết quả và thanh toán lệ phí không dùng tiền mặt."
    ),
    "audience": "Thành viên Tổ công nghệ số cộng đồng, cán bộ bộ phận một cửa cấp xã",
    "topics": ["dich-vu-cong-truc-tuyen", "chinh-quyen-dien-tu", "thanh-toan-khong-dung-tien-mat"],
    "skills": ["public_services", "online_payment"],
    "level": "basic",
    "hours": "2.5",
    "sequential": True,
    "pass_mark": 70,
    "min_sessions": 0,
    "prerequisites": [],
    "lessons": [
        {
            "slug": "gioi-thieu-cong-dich-vu-cong",
            "title": "Cổng Dịch vụ công quốc gia là gì?",
            "intro": "Hiểu cổng dùng để làm gì để giải thích cho người dân trong vài câu.",
            "minutes": 10,
            "body": [
                p(
                    "<p>Cổng Dịch vụ công quốc gia (địa chỉ <b>dichvucong.gov.vn</b>) là nơi "
                    "người dân và doanh nghiệp tìm thông tin thủ tục hành chính, nộp hồ sơ trực "
                    "tuyến, theo dõi tình trạng giải quyết, thanh toán phí, lệ phí và nhận kết quả "
                    "điện tử. Hồ sơ nộp trên cổng được chuyển về đúng cơ quan giải quyết: Ủy ban "
                    "nhân dân cấp xã, công an, sở, ngành...</p>"
                ),
                h("Lợi ích nên nói với bà con"),
                p(
                    "<ul><li>Không phải đi lại, không phải chờ đến giờ hành chính để nộp hồ sơ."
                    "</li><li>Biết trước cần giấy tờ gì, lệ phí bao nhiêu, bao lâu có kết quả."
                    "</li><li>Nhận thông báo khi hồ sơ được tiếp nhận, cần bổ sung hoặc có kết "
                    "quả.</li><li>Nhiều thủ tục được giảm lệ phí khi nộp trực tuyến.</li></ul>"
                ),
                h("Dịch vụ công trực tuyến toàn trình và một phần"),
                p(
                    "<p><b>Toàn trình</b>: mọi bước từ nộp hồ sơ, thanh toán đến nhận kết quả "
                    "đều làm trên mạng. <b>Một phần</b>: nộp hồ sơ trên mạng nhưng vẫn phải đến "
                    "cơ quan để nộp bản gốc, đối chiếu hoặc nhận kết quả. Trang của từng thủ tục "
                    "ghi rõ thủ tục đó thuộc loại nào.</p>"
                ),
                tip(
                    "<p>Khi hướng dẫn, hãy để người dân tự cầm điện thoại và tự thao tác. Tổ "
                    "công nghệ số chỉ chỉ cách, không đăng nhập hộ bằng tài khoản của mình.</p>"
                ),
                single(
                    "Địa chỉ chính thức của Cổng Dịch vụ công quốc gia là gì?",
                    ["dichvucong.gov.vn", "dichvucong.com.vn", "dvc-quocgia.vn"],
                    0,
                    "<p>Trang của cơ quan nhà nước dùng tên miền <b>.gov.vn</b>. Các địa chỉ "
                    "na ná như .com.vn thường là trang giả mạo.</p>",
                ),
                true_false(
                    "Với dịch vụ công trực tuyến một phần, người dân vẫn có thể phải đến cơ quan "
                    "để nộp bản gốc hoặc nhận kết quả.",
                    True,
                    "<p>Đúng. Chỉ dịch vụ toàn trình mới làm hoàn toàn trên mạng.</p>",
                ),
            ],
        },
        {
            "slug": "dang-nhap-bang-vneid",
            "title": "Đăng nhập Cổng bằng tài khoản định danh điện tử",
            "intro": "Cách đăng nhập an toàn bằng tài khoản VNeID của chính người dân.",
            "minutes": 10,
            "body": [
                p(
                    "<p>Người dân đăng nhập Cổng Dịch vụ công quốc gia bằng tài khoản định danh "
                    "điện tử do Bộ Công an cấp (ứng dụng VNeID). Vì vậy, trước khi hướng dẫn nộp "
                    "hồ sơ, hãy kiểm tra người dân đã kích hoạt VNeID chưa.</p>"
                ),
                steps(
                    "Đăng nhập trên điện thoại",
                    [
                        "<p>Mở trình duyệt, gõ <b>dichvucong.gov.vn</b>, bấm <b>Đăng nhập</b>.</p>",
                        "<p>Chọn đăng nhập bằng <b>tài khoản định danh điện tử</b> do Bộ Công an "
                        "cấp.</p>",
                        "<p>Nhập số định danh cá nhân (12 số trên căn cước) và mật khẩu VNeID, "
                        "hoặc chọn quét mã QR bằng ứng dụng VNeID.</p>",
                        "<p>Xác nhận trên ứng dụng VNeID hoặc nhập mã OTP gửi về số điện thoại "
                        "của người dân.</p>",
                        "<p>Kiểm tra họ tên hiển thị ở góc màn hình đúng là người đang làm thủ "
                        "tục.</p>",
                    ],
                ),
                tip(
                    "<p>Mã OTP chỉ để người dân tự nhập. Không đọc OTP cho ai qua điện thoại, "
                    "kể cả người xưng là cán bộ.</p>",
                    "danger",
                ),
                single(
                    "Người dân đăng nhập Cổng Dịch vụ công quốc gia bằng gì?",
                    [
                        "Tài khoản Facebook",
                        "Tài khoản định danh điện tử VNeID của chính người dân",
                        "Tài khoản của thành viên Tổ công nghệ số",
                    ],
                    1,
                    "<p>Mỗi người dùng tài khoản định danh điện tử của chính mình; hồ sơ nộp "
                    "bằng tài khoản người khác sẽ mang tên người đó.</p>",
                ),
                true_false(
                    "Tổ công nghệ số có thể đăng nhập bằng tài khoản của mình để nộp hồ sơ hộ "
                    "người dân cho nhanh.",
                    False,
                    "<p>Sai. Hồ sơ phải được nộp bằng tài khoản của người yêu cầu giải quyết "
                    "thủ tục.</p>",
                ),
            ],
        },
        {
            "slug": "nop-ho-so-truc-tuyen",
            "title": "Nộp một hồ sơ trực tuyến từng bước",
            "intro": "Ví dụ với thủ tục cấp bản sao trích lục khai sinh.",
            "minutes": 15,
            "body": [
                p(
                    "<p>Các thủ tục khác nhau về giấy tờ, nhưng cách nộp trên cổng đều giống "
                    "nhau. Bài này lấy ví dụ thủ tục <b>cấp bản sao trích lục hộ tịch</b> (bản "
                    "sao giấy khai sinh), người dân hay cần khi làm hồ sơ đi học, đi làm.</p>"
                ),
                steps(
                    "Các bước nộp hồ sơ",
                    [
                        "<p>Đăng nhập Cổng, gõ tên thủ tục vào ô <b>Tìm kiếm</b>, ví dụ “trích "
                        "lục khai sinh”.</p>",
                        "<p>Chọn đúng thủ tục và đúng cơ quan thực hiện (tỉnh, xã nơi đã đăng "
                        "ký khai sinh), bấm <b>Nộp trực tuyến</b>.</p>",
                        "<p>Kiểm tra thông tin người nộp được điền sẵn từ tài khoản định danh; "
                        "điền thông tin còn thiếu.</p>",
                        "<p>Tải lên giấy tờ được yêu cầu: chụp rõ, đủ bốn góc, không lóa. Ảnh "
                        "chụp bằng điện thoại là được.</p>",
                        "<p>Chọn cách nhận kết quả (bản điện tử, qua bưu điện hoặc tại bộ phận "
                        "một cửa), đọc lại và bấm <b>Nộp hồ sơ</b>.</p>",
                        "<p>Ghi lại <b>mã hồ sơ</b> hiện trên màn hình hoặc chụp màn hình để tra "
                        "cứu sau.</p>",
                    ],
                ),
                tip(
                    "<p>Ảnh giấy tờ mờ là lý do hay gặp nhất khiến hồ sơ bị yêu cầu bổ sung. "
                    "Hãy đặt giấy trên mặt bàn sẫm màu, chụp ở nơi đủ sáng.</p>",
                    "warning",
                ),
                multiple(
                    "Những việc nào nên làm khi tải giấy tờ lên hồ sơ?",
                    [
                        "Chụp rõ, đủ bốn góc giấy tờ",
                        "Chụp ở nơi đủ sáng, tránh bị lóa",
                        "Gửi ảnh giấy tờ qua Zalo cho tổ công nghệ số nộp hộ",
                        "Kiểm tra lại ảnh trước khi bấm Nộp hồ sơ",
                    ],
                    (0, 1, 3),
                    "<p>Ảnh rõ, đủ sáng và được kiểm tra trước giúp hồ sơ không bị trả lại. "
                    "Không gửi giấy tờ cá nhân qua tin nhắn cho người khác.</p>",
                ),
                single(
                    "Sau khi nộp hồ sơ, cần lưu lại thông tin gì để tra cứu?",
                    ["Mã hồ sơ", "Mật khẩu VNeID", "Số điện thoại của cán bộ một cửa"],
                    0,
                    "<p>Mã hồ sơ dùng để tra cứu tình trạng giải quyết; mật khẩu thì không "
                    "bao giờ ghi ra hay đưa cho người khác.</p>",
                ),
            ],
        },
        {
            "slug": "tra-cuu-va-thanh-toan",
            "title": "Theo dõi hồ sơ, thanh toán lệ phí và đánh giá",
            "intro": "Biết hồ sơ đang ở đâu và trả phí trực tuyến an toàn.",
            "minutes": 12,
            "body": [
                h("Theo dõi hồ sơ"),
                p(
                    "<p>Vào mục <b>Quản lý hồ sơ đã nộp</b> sau khi đăng nhập, hoặc nhập mã hồ "
                    "sơ ở mục <b>Tra cứu hồ sơ</b>. Trạng thái “Yêu cầu bổ sung” kèm lời nhắn "
                    "của cán bộ: đọc kỹ, bổ sung đúng giấy tờ được nêu rồi gửi lại.</p>"
                ),
                h("Thanh toán phí, lệ phí"),
                steps(
                    "Thanh toán trực tuyến",
                    [
                        "<p>Khi hồ sơ có trạng thái chờ thanh toán, bấm <b>Thanh toán</b> "
                        "ngay trên Cổng.</p>",
                        "<p>Chọn ngân hàng hoặc ví điện tử của người dân; màn hình chuyển "
                        "sang trang thanh toán của ngân hàng đó.</p>",
                        "<p>Kiểm tra số tiền và nội dung đúng với thủ tục rồi xác nhận bằng "
                        "OTP hoặc ứng dụng ngân hàng.</p>",
                        "<p>Quay lại Cổng để thấy trạng thái đã thanh toán và tải biên lai "
                        "điện tử.</p>",
                    ],
                ),
                tip(
                    "<p>Chỉ thanh toán từ nút Thanh toán trên Cổng. Không chuyển khoản theo số "
                    "tài khoản do người lạ nhắn tin, gọi điện cung cấp.</p>",
                    "danger",
                ),
                p(
                    "<p>Khi nhận kết quả, mời người dân bấm <b>Đánh giá</b> mức độ hài lòng: ý "
                    "kiến này được dùng để cải thiện việc giải quyết thủ tục.</p>"
                ),
                single(
                    "Hồ sơ báo “Yêu cầu bổ sung”. Người dân nên làm gì?",
                    [
                        "Nộp một hồ sơ mới hoàn toàn",
                        "Đọc lời nhắn của cán bộ, bổ sung đúng giấy tờ và gửi lại",
                        "Bỏ qua, hồ sơ sẽ tự được duyệt",
                    ],
                    1,
                    "<p>Hồ sơ cũ vẫn giữ nguyên; chỉ cần bổ sung đúng phần cán bộ yêu cầu.</p>",
                ),
                true_false(
                    "Được phép chuyển khoản lệ phí theo số tài khoản mà một người tự xưng cán "
                    "bộ gửi qua tin nhắn.",
                    False,
                    "<p>Sai. Lệ phí chỉ thanh toán qua chức năng thanh toán trên Cổng hoặc tại "
                    "bộ phận một cửa.</p>",
                ),
            ],
        },
    ],
}

VNEID = {
    "code": "VNEID-02",
    "slug": "kich-hoat-va-su-dung-vneid-muc-2",
    "title": "Kích hoạt và sử dụng tài khoản định danh điện tử mức độ 2 (VNeID)",
    "summary": (
        "Phân biệt tài khoản mức 1 và mức 2, kích hoạt tài khoản mức 2 trên ứng dụng VNeID, "
        "dùng ví giấy tờ, thông báo lưu trú và giữ tài khoản an toàn."
    ),
    "audience": "Thành viên Tổ công nghệ số cộng đồng",
    "topics": ["vneid", "chinh-quyen-dien-tu", "dich-vu-cong-truc-tuyen"],
    "skills": ["public_services", "self_protection"],
    "level": "basic",
    "hours": "2",
    "sequential": True,
    "pass_mark": 70,
    "min_sessions": 0,
    "prerequisites": [],
    "lessons": [
        {
            "slug": "muc-1-va-muc-2",
            "title": "Tài khoản định danh điện tử mức 1 và mức 2",
            "intro": "Biết người dân cần loại tài khoản nào cho việc gì.",
            "minutes": 8,
            "body": [
                p(
                    "<p>Tài khoản định danh điện tử do Bộ Công an cấp, dùng trên ứng dụng "
                    "<b>VNeID</b>. Có hai mức:</p><ul><li><b>Mức 1</b>: người dân tự đăng ký "
                    "trên ứng dụng; dùng được một số tiện ích cơ bản.</li><li><b>Mức 2</b>: "
                    "đăng ký trực tiếp tại công an cấp xã (hoặc khi làm căn cước), có xác thực "
                    "ảnh chân dung và vân tay; dùng được đầy đủ tiện ích: ví giấy tờ, đăng "
                    "nhập dịch vụ công, thay thế xuất trình giấy tờ trong nhiều giao dịch.</li>"
                    "</ul>"
                ),
                tip(
                    "<p>Người dân đã làm căn cước gắn chip thường đã được đăng ký tài khoản mức "
                    "2 cùng lúc; họ chỉ cần kích hoạt khi nhận tin nhắn từ Bộ Công an.</p>"
                ),
                single(
                    "Muốn dùng ví giấy tờ và đăng nhập dịch vụ công, người dân cần tài khoản mức "
                    "nào?",
                    ["Mức 1", "Mức 2", "Không cần tài khoản"],
                    1,
                    "<p>Tài khoản mức 2 đã xác thực sinh trắc học nên dùng được đầy đủ tiện "
                    "ích.</p>",
                ),
                true_false(
                    "Tài khoản mức 2 được đăng ký tại cơ quan công an, có xác thực ảnh chân dung "
                    "và vân tay.",
                    True,
                    "<p>Đúng. Đó là khác biệt chính giữa mức 2 và mức 1.</p>",
                ),
            ],
        },
        {
            "slug": "kich-hoat-tai-khoan-muc-2",
            "title": "Kích hoạt tài khoản mức 2 trên ứng dụng VNeID",
            "intro": "Các bước kích hoạt sau khi nhận tin nhắn đăng ký thành công.",
            "minutes": 15,
            "body": [
                p(
                    "<p>Sau khi đăng ký tại công an, người dân nhận tin nhắn thông báo đăng ký "
                    "thành công vào số điện thoại đã khai. Số điện thoại này phải chính chủ và "
                    "đang dùng được.</p>"
                ),
                steps(
                    "Kích hoạt tài khoản",
                    [
                        "<p>Tải ứng dụng <b>VNeID</b> từ App Store (iPhone) hoặc CH Play "
                        "(Android). Nhà phát triển là Trung tâm dữ liệu quốc gia về dân cư – Bộ "
                        "Công an.</p>",
                        "<p>Mở ứng dụng, chọn <b>Kích hoạt tài khoản định danh điện tử</b>.</p>",
                        "<p>Nhập số định danh cá nhân (12 số trên căn cước) và số điện thoại đã "
                        "đăng ký, bấm <b>Gửi yêu cầu</b>.</p>",
                        "<p>Nhập mã kích hoạt (OTP) được gửi qua tin nhắn.</p>",
                        "<p>Đặt mật khẩu: ít nhất 8 ký tự, có chữ hoa, chữ thường, chữ số và ký "
                        "tự đặc biệt.</p>",
                        "<p>Đặt mã passcode 6 số, dùng để mở các tiện ích trong ứng dụng. Không "
                        "dùng ngày sinh hay 123456.</p>",
                    ],
                ),
                tip(
                    "<p>Nếu không nhận được tin nhắn hoặc số điện thoại đã đổi, người dân đến "
                    "công an cấp xã để cập nhật; tổ công nghệ số không tự sửa được thông tin "
                    "này.</p>",
                    "warning",
                ),
                single(
                    "Ứng dụng VNeID chính thức được tải từ đâu?",
                    [
                        "Đường dẫn do người lạ gửi qua Zalo",
                        "App Store hoặc CH Play",
                        "Tệp .apk chia sẻ trên Facebook",
                    ],
                    1,
                    "<p>Chỉ tải từ kho ứng dụng chính thức. Ứng dụng giả qua đường dẫn lạ có "
                    "thể chiếm quyền điều khiển điện thoại.</p>",
                ),
                multiple(
                    "Mật khẩu VNeID nào đáp ứng yêu cầu an toàn?",
                    ["12345678", "Maiphuong@2026", "Canhdong#Lua9", "matkhau"],
                    (1, 2),
                    "<p>Mật khẩu cần ít nhất 8 ký tự gồm chữ hoa, chữ thường, số và ký tự đặc "
                    "biệt.</p>",
                ),
            ],
        },
        {
            "slug": "tien-ich-vneid",
            "title": "Các tiện ích hay dùng trên VNeID",
            "intro": "Ví giấy tờ, tích hợp thông tin và thông báo lưu trú.",
            "minutes": 12,
            "body": [
                h("Ví giấy tờ"),
                p(
                    "<p>Mục <b>Ví giấy tờ</b> hiển thị căn cước điện tử và các giấy tờ đã tích "
                    "hợp như giấy phép lái xe, thẻ bảo hiểm y tế. Trong nhiều giao dịch (khám "
                    "bệnh, làm thủ tục), người dân có thể xuất trình trên ứng dụng thay cho "
                    "bản giấy.</p>"
                ),
                steps(
                    "Tích hợp giấy phép lái xe hoặc thẻ bảo hiểm y tế",
                    [
                        "<p>Mở VNeID, đăng nhập, chọn <b>Thủ tục hành chính</b> hoặc <b>Ví giấy "
                        "tờ</b> rồi chọn <b>Tích hợp thông tin</b>.</p>",
                        "<p>Chọn <b>Tạo mới yêu cầu</b>, chọn loại giấy tờ cần tích hợp.</p>",
                        "<p>Nhập số giấy tờ, đánh dấu cam kết, nhập passcode để gửi.</p>",
                        "<p>Chờ thông báo kết quả; giấy tờ sẽ xuất hiện trong Ví giấy tờ.</p>",
                    ],
                ),
                h("Thông báo lưu trú"),
                p(
                    "<p>Khi có người thân đến ở lại qua đêm, chủ hộ có thể thông báo lưu trú "
                    "ngay trên VNeID ở mục <b>Thủ tục hành chính → Thông báo lưu trú</b>, "
                    "không phải đến công an.</p>"
                ),
                single(
                    "Giấy tờ nào có thể tích hợp vào Ví giấy tờ của VNeID?",
                    ["Thẻ bảo hiểm y tế", "Thẻ tín dụng ngân hàng", "Sổ tiết kiệm"],
                    0,
                    "<p>VNeID tích hợp giấy tờ do cơ quan nhà nước cấp như bảo hiểm y tế, giấy "
                    "phép lái xe; không tích hợp thẻ ngân hàng.</p>",
                ),
                true_false(
                    "Chủ hộ có thể thông báo lưu trú cho người thân đến ở qua đêm ngay trên ứng "
                    "dụng VNeID.",
                    True,
                    "<p>Đúng, ở mục Thủ tục hành chính → Thông báo lưu trú.</p>",
                ),
            ],
        },
        {
            "slug": "giu-an-toan-tai-khoan-vneid",
            "title": "Giữ an toàn tài khoản VNeID",
            "intro": "Những điều cần nhắc người dân để không bị chiếm tài khoản.",
            "minutes": 8,
            "body": [
                p(
                    "<p>Tài khoản định danh điện tử mức 2 có giá trị như giấy tờ tùy thân. Kẻ "
                    "gian chiếm được tài khoản có thể mạo danh người dân để vay tiền, đăng ký "
                    "thuê bao hay làm thủ tục.</p>"
                ),
                p(
                    "<ul><li>Không cho ai biết mật khẩu, passcode và mã OTP.</li><li>Cơ quan "
                    "công an không gọi điện yêu cầu cài ứng dụng hay “cập nhật định danh” qua "
                    "đường dẫn.</li><li>Khi đổi điện thoại, đăng nhập lại trên máy mới; máy cũ "
                    "sẽ bị đăng xuất.</li><li>Mất điện thoại: báo ngay công an cấp xã để khóa "
                    "tài khoản tạm thời.</li></ul>"
                ),
                tip(
                    "<p>Cuộc gọi xưng công an, yêu cầu cài “VNeID” bằng đường dẫn gửi qua tin "
                    "nhắn là <b>lừa đảo</b>.</p>",
                    "danger",
                ),
                multiple(
                    "Những thông tin nào tuyệt đối không cung cấp cho người khác?",
                    ["Mật khẩu VNeID", "Mã OTP", "Passcode 6 số", "Tên ứng dụng VNeID"],
                    (0, 1, 2),
                    "<p>Mật khẩu, OTP và passcode là chìa khóa tài khoản; chỉ chủ tài khoản "
                    "được biết.</p>",
                ),
                single(
                    "Người dân bị mất điện thoại có cài VNeID. Nên làm gì trước tiên?",
                    [
                        "Chờ vài ngày xem có ai trả lại không",
                        "Báo công an cấp xã để khóa tài khoản tạm thời",
                        "Đăng lên mạng xã hội nhờ tìm",
                    ],
                    1,
                    "<p>Khóa tài khoản sớm ngăn kẻ gian dùng tài khoản mạo danh.</p>",
                ),
            ],
        },
    ],
}

ATTT = {
    "code": "ATTT-01",
    "slug": "an-toan-thong-tin-co-ban",
    "title": "An toàn thông tin cơ bản cho Tổ công nghệ số cộng đồng",
    "summary": (
        "Mật khẩu mạnh và xác thực hai lớp, cập nhật và cài ứng dụng an toàn, bảo vệ dữ liệu "
        "cá nhân của người dân khi hỗ trợ họ."
    ),
    "audience": "Tất cả thành viên Tổ công nghệ số cộng đồng (khóa học bắt buộc)",
    "topics": ["an-toan-thong-tin", "ky-nang-so-co-ban"],
    "skills": ["self_protection"],
    "level": "basic",
    "hours": "2",
    "sequential": True,
    "pass_mark": 70,
    "min_sessions": 0,
    "prerequisites": [],
    "lessons": [
        {
            "slug": "mat-khau-va-xac-thuc-hai-lop",
            "title": "Mật khẩu mạnh và xác thực hai lớp",
            "intro": "Bảo vệ tài khoản Zalo, Facebook, email và ngân hàng.",
            "minutes": 10,
            "body": [
                p(
                    "<p>Phần lớn tài khoản bị chiếm vì mật khẩu dễ đoán hoặc dùng chung cho "
                    "nhiều nơi. Một mật khẩu bị lộ ở trang này sẽ được kẻ gian thử ngay ở Zalo, "
                    "Facebook, email.</p>"
                ),
                h("Mật khẩu mạnh"),
                p(
                    "<ul><li>Dài ít nhất 12 ký tự; cụm từ dễ nhớ với mình nhưng khó đoán, ví dụ "
                    "<i>Raumuong#Ao3Nha</i>.</li><li>Mỗi tài khoản quan trọng một mật khẩu "
                    "riêng.</li><li>Không dùng ngày sinh, số điện thoại, tên con.</li></ul>"
                ),
                h("Xác thực hai lớp"),
                p(
                    "<p>Bật xác thực hai lớp (2FA): ngoài mật khẩu, khi đăng nhập ở máy lạ cần "
                    "thêm mã gửi về điện thoại hoặc xác nhận trên ứng dụng. Kẻ gian biết mật "
                    "khẩu cũng không vào được.</p>"
                ),
                tip(
                    "<p>Zalo: Cá nhân → Tài khoản và bảo mật → bật khóa Zalo và xác thực 2 "
                    "lớp. Facebook: Cài đặt → Trung tâm tài khoản → Mật khẩu và bảo mật → Xác "
                    "thực 2 yếu tố.</p>"
                ),
                single(
                    "Mật khẩu nào an toàn nhất?",
                    ["01011990", "matkhau123", "Raumuong#Ao3Nha"],
                    2,
                    "<p>Cụm từ dài, có chữ hoa, chữ số, ký tự đặc biệt và không liên quan "
                    "thông tin cá nhân là khó đoán nhất.</p>",
                ),
                true_false(
                    "Dùng một mật khẩu chung cho mọi tài khoản giúp an toàn hơn vì dễ nhớ.",
                    False,
                    "<p>Sai. Lộ một nơi là mất tất cả các tài khoản.</p>",
                ),
            ],
        },
        {
            "slug": "cap-nhat-va-cai-ung-dung-an-toan",
            "title": "Cập nhật điện thoại và cài ứng dụng an toàn",
            "intro": "Giữ điện thoại sạch mã độc.",
            "minutes": 10,
            "body": [
                p(
                    "<p>Bản cập nhật hệ điều hành và ứng dụng vá những lỗ hổng mà kẻ gian dùng "
                    "để cài mã độc. Hãy bật cập nhật tự động và cập nhật khi có thông báo.</p>"
                ),
                steps(
                    "Kiểm tra một ứng dụng trước khi cài",
                    [
                        "<p>Chỉ tìm ứng dụng trong <b>CH Play</b> hoặc <b>App Store</b>, không "
                        "cài tệp .apk gửi qua tin nhắn.</p>",
                        "<p>Xem tên nhà phát triển: ứng dụng của cơ quan nhà nước, ngân hàng "
                        "ghi đúng tên đơn vị.</p>",
                        "<p>Xem số lượt tải và đánh giá; ứng dụng giả thường ít lượt tải, "
                        "nhiều đánh giá xấu.</p>",
                        "<p>Từ chối khi ứng dụng xin quyền không cần thiết, đặc biệt quyền "
                        "<b>Trợ năng</b> (Accessibility) và đọc tin nhắn.</p>",
                    ],
                ),
                tip(
                    "<p>Ứng dụng đòi quyền Trợ năng có thể tự bấm, đọc màn hình và lấy mã OTP "
                    "ngân hàng. Gặp yêu cầu này ở ứng dụng lạ: gỡ ngay.</p>",
                    "danger",
                ),
                multiple(
                    "Dấu hiệu nào cho thấy một ứng dụng đáng ngờ?",
                    [
                        "Được gửi dưới dạng tệp .apk qua Zalo",
                        "Xin quyền Trợ năng dù chỉ là ứng dụng xem tin",
                        "Có trên CH Play, đúng tên nhà phát triển, nhiều lượt tải",
                        "Yêu cầu đọc toàn bộ tin nhắn SMS",
                    ],
                    (0, 1, 3),
                    "<p>Nguồn cài đặt lạ và quyền không cần thiết là dấu hiệu rõ nhất của "
                    "ứng dụng độc hại.</p>",
                ),
            ],
        },
        {
            "slug": "bao-ve-du-lieu-ca-nhan-nguoi-dan",
            "title": "Bảo vệ dữ liệu cá nhân của người dân khi hỗ trợ",
            "intro": "Những việc tổ công nghệ số phải làm và không được làm.",
            "minutes": 10,
            "body": [
                p(
                    "<p>Khi hỗ trợ bà con, thành viên tổ tiếp xúc với số căn cước, số điện "
                    "thoại, hình ảnh giấy tờ. Đây là dữ liệu cá nhân được pháp luật bảo vệ; "
                    "để lộ có thể khiến người dân bị mạo danh vay tiền, đăng ký sim rác.</p>"
                ),
                h("Nguyên tắc khi hỗ trợ"),
                p(
                    "<ul><li>Người dân tự thao tác trên máy của họ; mình chỉ hướng dẫn.</li>"
                    "<li>Không chụp, không lưu giấy tờ của người dân vào điện thoại của mình."
                    "</li><li>Nếu buộc phải dùng máy của tổ: đăng xuất tài khoản của người dân "
                    "và xóa tệp đã tải xuống ngay khi xong.</li><li>Không nhận hay ghi lại mật "
                    "khẩu, mã OTP của người dân.</li></ul>"
                ),
                tip(
                    "<p>Không đăng ảnh buổi hỗ trợ có thấy rõ căn cước, màn hình ứng dụng của "
                    "người dân lên mạng xã hội.</p>",
                    "warning",
                ),
                true_false(
                    "Có thể chụp căn cước của người dân vào điện thoại của mình để lần sau "
                    "hỗ trợ nhanh hơn.",
                    False,
                    "<p>Sai. Không lưu giấy tờ của người dân trên thiết bị của mình.</p>",
                ),
                single(
                    "Hỗ trợ xong trên máy tính của tổ, việc cần làm là gì?",
                    [
                        "Để nguyên cho người sau dùng tiếp",
                        "Đăng xuất tài khoản của người dân và xóa tệp đã tải xuống",
                        "Lưu mật khẩu vào trình duyệt",
                    ],
                    1,
                    "<p>Đăng xuất và xóa tệp để người dùng sau không xem được thông tin của "
                    "người dân.</p>",
                ),
            ],
        },
        {
            "slug": "wifi-cong-cong-va-sao-luu",
            "title": "Wi-Fi công cộng và sao lưu dữ liệu",
            "intro": "Hai thói quen nhỏ tránh mất dữ liệu.",
            "minutes": 6,
            "body": [
                h("Wi-Fi công cộng"),
                p(
                    "<p>Wi-Fi quán cà phê, chợ, bến xe không có mật khẩu hoặc dùng chung mật "
                    "khẩu: người khác cùng mạng có thể theo dõi. Không đăng nhập ngân hàng, "
                    "không nộp hồ sơ có giấy tờ cá nhân khi dùng Wi-Fi công cộng; dùng 4G của "
                    "mình thay thế.</p>"
                ),
                h("Sao lưu"),
                p(
                    "<p>Bật sao lưu danh bạ, ảnh lên Google hoặc iCloud. Khi điện thoại hỏng "
                    "hay bị mất, dữ liệu vẫn còn và có thể khôi phục trên máy mới.</p>"
                ),
                tip(
                    "<p>Bài này không có câu hỏi: đọc xong, bấm <b>Đánh dấu đã học</b> để hoàn "
                    "thành.</p>"
                ),
            ],
        },
    ],
}

LDTT = {
    "code": "LDTT-01",
    "slug": "nhan-dien-va-phong-chong-lua-dao-truc-tuyen",
    "title": "Nhận diện và phòng chống lừa đảo trực tuyến",
    "summary": (
        "Các thủ đoạn lừa đảo qua điện thoại và mạng xã hội đang gặp nhiều, dấu hiệu nhận biết, "
        "cách tư vấn cho người dân và việc cần làm khi đã lỡ chuyển tiền. Khóa học có một buổi "
        "tập huấn trực tiếp bắt buộc."
    ),
    "audience": "Thành viên Tổ công nghệ số cộng đồng, đoàn viên, hội viên các đoàn thể",
    "topics": ["phong-chong-lua-dao-truc-tuyen", "an-toan-thong-tin"],
    "skills": ["self_protection", "online_payment"],
    "level": "basic",
    "hours": "3",
    "sequential": True,
    "pass_mark": 80,
    "min_sessions": 1,
    "prerequisites": ["ATTT-01"],
    "lessons": [
        {
            "slug": "thu-doan-lua-dao-pho-bien",
            "title": "Các thủ đoạn lừa đảo phổ biến",
            "intro": "Nhận ra kịch bản để cảnh báo người dân kịp thời.",
            "minutes": 15,
            "body": [
                p(
                    "<p>Kịch bản lừa đảo thay đổi liên tục nhưng đều nhằm một việc: khiến nạn "
                    "nhân <b>hoảng sợ hoặc ham lợi</b> để chuyển tiền, đọc mã OTP hoặc cài ứng "
                    "dụng lạ.</p>"
                ),
                h("Những kịch bản hay gặp"),
                p(
                    "<ul><li><b>Giả danh công an, tòa án</b>: báo người dân liên quan vụ án, "
                    "yêu cầu chuyển tiền “để xác minh” hoặc cài ứng dụng “cập nhật định danh”."
                    "</li><li><b>Giả danh điện lực, ngân hàng, nhà mạng</b>: dọa cắt điện, khóa "
                    "tài khoản, khóa sim nếu không bấm vào đường dẫn.</li><li><b>Việc nhẹ lương "
                    "cao</b>: làm nhiệm vụ thả tim, đặt đơn ảo; lúc đầu được trả tiền, sau đó "
                    "bị yêu cầu nạp tiền ngày càng lớn.</li><li><b>Mượn tiền qua tài khoản bị "
                    "chiếm</b>: Facebook, Zalo của người quen nhắn mượn tiền gấp, có khi gọi "
                    "video vài giây bằng hình ảnh giả (deepfake).</li><li><b>Trúng thưởng, "
                    "nhận quà</b>: yêu cầu đóng phí để nhận thưởng.</li></ul>"
                ),
                tip(
                    "<p>Cơ quan công an, tòa án, viện kiểm sát <b>không</b> làm việc qua điện "
                    "thoại, không yêu cầu chuyển tiền vào tài khoản nào để “xác minh”.</p>",
                    "danger",
                ),
                single(
                    "Một người xưng công an gọi điện nói bà con liên quan vụ rửa tiền, yêu cầu "
                    "chuyển tiền để xác minh. Đây là gì?",
                    [
                        "Thủ tục bình thường của cơ quan công an",
                        "Lừa đảo giả danh cơ quan chức năng",
                        "Cuộc gọi của ngân hàng",
                    ],
                    1,
                    "<p>Cơ quan chức năng không bao giờ yêu cầu chuyển tiền qua điện thoại.</p>",
                ),
                multiple(
                    "Dấu hiệu nào thường gặp trong tin nhắn lừa đảo?",
                    [
                        "Thúc giục phải làm ngay, nếu không sẽ bị phạt hoặc khóa",
                        "Kèm đường dẫn lạ, tên miền na ná trang chính thức",
                        "Hứa hẹn tiền thưởng lớn chỉ cần đóng một khoản phí",
                        "Thông báo lịch họp tổ dân phố từ số của trưởng khu vực",
                    ],
                    (0, 1, 2),
                    "<p>Thúc giục, đường dẫn lạ và lời hứa hẹn lợi ích là ba dấu hiệu điển "
                    "hình.</p>",
                ),
            ],
        },
        {
            "slug": "kiem-tra-truoc-khi-tin",
            "title": "Dừng lại, kiểm tra, không chuyển tiền",
            "intro": "Ba bước đơn giản để dạy lại cho người dân.",
            "minutes": 12,
            "body": [
                steps(
                    "Khi nhận cuộc gọi, tin nhắn đáng ngờ",
                    [
                        "<p><b>Dừng lại.</b> Không làm theo ngay dù bị thúc giục; cúp máy, "
                        "không bấm đường dẫn.</p>",
                        "<p><b>Kiểm tra.</b> Gọi lại cho người thân bằng số điện thoại mình đã "
                        "lưu từ trước; hỏi trực tiếp cơ quan qua số tổng đài chính thức hoặc "
                        "đến trụ sở.</p>",
                        "<p><b>Không chuyển tiền, không đọc OTP, không cài ứng dụng lạ</b> cho "
                        "đến khi chắc chắn.</p>",
                        "<p><b>Báo cho tổ công nghệ số hoặc công an</b> để cảnh báo cho bà con "
                        "khác.</p>",
                    ],
                ),
                h("Công cụ kiểm tra"),
                p(
                    "<ul><li>Tra cứu trang web tín nhiệm tại <b>tinnhiemmang.vn</b>.</li>"
                    "<li>Phản ánh trang web lừa đảo tại <b>canhbao.khonggianmang.vn</b>.</li>"
                    "<li>Phản ánh tin nhắn rác qua đầu số <b>5656</b>, cuộc gọi rác qua tổng đài "
                    "<b>156</b>.</li></ul>"
                ),
                true_false(
                    "Khi người quen nhắn Zalo mượn tiền gấp, nên gọi lại cho họ bằng số điện "
                    "thoại đã lưu từ trước để xác nhận.",
                    True,
                    "<p>Đúng. Tài khoản mạng xã hội có thể đã bị chiếm; gọi bằng số cũ giúp xác "
                    "minh đúng người.</p>",
                ),
                single(
                    "Bước đầu tiên khi nhận cuộc gọi thúc giục chuyển tiền là gì?",
                    ["Chuyển một ít tiền để thử", "Dừng lại, cúp máy", "Đọc mã OTP để xác minh"],
                    1,
                    "<p>Kẻ lừa đảo dựa vào sự vội vàng; dừng lại là cách phòng vệ tốt nhất.</p>",
                ),
            ],
        },
        {
            "slug": "xu-ly-khi-bi-lua",
            "title": "Khi đã lỡ chuyển tiền hoặc lộ thông tin",
            "intro": "Làm gì trong giờ đầu tiên để hạn chế thiệt hại.",
            "minutes": 12,
            "body": [
                steps(
                    "Việc cần làm ngay",
                    [
                        "<p>Gọi tổng đài ngân hàng (số in sau thẻ hoặc trong ứng dụng ngân "
                        "hàng) đề nghị <b>khóa tài khoản, khóa thẻ</b> và tra soát giao dịch.</p>",
                        "<p>Đổi mật khẩu các tài khoản đã lộ; nếu đã cài ứng dụng lạ, tắt mạng "
                        "và nhờ người có chuyên môn gỡ hoặc khôi phục cài đặt gốc.</p>",
                        "<p>Chụp lại tin nhắn, số điện thoại, số tài khoản đã chuyển tiền, "
                        "biên lai giao dịch.</p>",
                        "<p>Trình báo công an cấp xã gần nhất, mang theo các bằng chứng đã "
                        "lưu.</p>",
                        "<p>Báo người thân, bạn bè nếu tài khoản mạng xã hội bị chiếm, để họ "
                        "không chuyển tiền theo tin nhắn giả.</p>",
                    ],
                ),
                tip(
                    "<p>Cảnh giác với người tự xưng “lấy lại tiền bị lừa” thu phí trước: đây "
                    "là lừa đảo lần hai.</p>",
                    "danger",
                ),
                multiple(
                    "Lỡ chuyển tiền cho kẻ lừa đảo, cần làm gì?",
                    [
                        "Gọi ngay ngân hàng đề nghị khóa tài khoản, tra soát",
                        "Lưu lại tin nhắn, số tài khoản, biên lai",
                        "Trình báo công an",
                        "Trả phí cho dịch vụ “lấy lại tiền” trên mạng",
                    ],
                    (0, 1, 2),
                    "<p>Ngân hàng, bằng chứng và công an là ba việc cần làm; dịch vụ “lấy lại "
                    "tiền” thu phí là lừa đảo.</p>",
                ),
                true_false(
                    "Có thể đóng phí cho người trên mạng hứa lấy lại tiền đã bị lừa.",
                    False,
                    "<p>Sai. Đó là thủ đoạn lừa đảo lần hai nhắm vào nạn nhân.</p>",
                ),
            ],
        },
    ],
}

COURSES = [DVC, VNEID, ATTT, LDTT]
