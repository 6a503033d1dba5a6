"""aiplan-tui: an offline terminal explorer of 전국민 AI 일상화 실행계획 (2023. 9.)."""

__version__ = "0.1.0"
