"""Rules of the domain: plain Python, no aiogram and no SQLAlchemy, tested on their own."""
