"""Local announcements: officers' writes (``services``), the public list (``selectors``,
``filters``) and the scoped admin screens with moderation (``viewsets``). The models live in
``courses.models.announcements``."""
