import factory

from certificates.models import CertificateTemplate


class CertificateTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CertificateTemplate

    name = factory.Sequence(lambda n: f"Mẫu thử {n}")
    issuing_body_upper = "UBND THÀNH PHỐ CẦN THƠ"
    issuing_body = "SỞ KHOA HỌC VÀ CÔNG NGHỆ"
    number_suffix = "GCN-SKHCN"
    place_name = "Cần Thơ"
    signer_name = "Lê Văn Ký"
    signer_title = "PHÓ GIÁM ĐỐC"
    signing_form = "KT. GIÁM ĐỐC"
    validity_months = None
