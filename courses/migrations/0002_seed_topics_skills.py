from django.db import migrations

TOPICS = [
    ("dich-vu-cong-truc-tuyen", "Dịch vụ công trực tuyến",
     "Nộp hồ sơ, tra cứu và thanh toán trên Cổng Dịch vụ công quốc gia và cổng của tỉnh."),
    ("chinh-quyen-dien-tu", "Chính quyền điện tử",
     "Cách chính quyền các cấp cung cấp thông tin và dịch vụ trên môi trường số."),
    ("an-toan-thong-tin", "An toàn thông tin",
     "Bảo vệ tài khoản, thiết bị và dữ liệu cá nhân."),
    ("phong-chong-lua-dao-truc-tuyen", "Phòng chống lừa đảo trực tuyến",
     "Nhận diện các thủ đoạn lừa đảo qua mạng và cách xử lý."),
    ("ky-nang-so-co-ban", "Kỹ năng số cơ bản",
     "Sử dụng điện thoại thông minh, ứng dụng và Internet hằng ngày."),
    ("thanh-toan-khong-dung-tien-mat", "Thanh toán không dùng tiền mặt",
     "Chuyển khoản, quét mã QR, ví điện tử và thanh toán hóa đơn."),
    ("thuong-mai-dien-tu", "Thương mại điện tử",
     "Mua bán hàng hóa, nông sản trên sàn thương mại điện tử và mạng xã hội."),
    ("vneid", "VNeID",
     "Định danh điện tử: kích hoạt tài khoản, ví giấy tờ và các tiện ích."),
]

SKILLS = ["public_services", "online_shopping", "online_payment", "self_protection",
          "local_platforms"]


def seed(apps, schema_editor):
    Topic = apps.get_model("courses", "Topic")
    DigitalSkill = apps.get_model("courses", "DigitalSkill")
    for slug, name, description in TOPICS:
        Topic.objects.get_or_create(slug=slug, defaults={"name": name, "description": description})
    for order, code in enumerate(SKILLS):
        DigitalSkill.objects.update_or_create(code=code, defaults={"sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("courses", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
