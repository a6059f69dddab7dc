import logging

from monitor.core.logs import RedactFilter, redact


def test_personal_numbers_phones_and_searches_are_redacted():
    line = '127.0.0.1 "GET /children?q=Нурзада&area=3 HTTP/1.1" 200 pin 21203201412345 phone +996555123456 0555123456'
    cleaned = redact(line)
    assert "Нурзада" not in cleaned and "21203201412345" not in cleaned and "555123456" not in cleaned
    assert "q=[redacted]&area=3" in cleaned and "[pin]" in cleaned and "[phone]" in cleaned


def test_the_filter_rewrites_records_before_they_are_written():
    record = logging.LogRecord(
        "werkzeug", logging.INFO, __file__, 1, '"GET /children?q=%s HTTP/1.1"', ("22001201012345",), None
    )
    assert RedactFilter().filter(record)
    assert record.getMessage() == '"GET /children?q=[redacted] HTTP/1.1"'


def test_install_puts_the_filter_on_the_handlers_that_write_logs():
    import io

    from monitor.core.logs import install

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logging.getLogger("werkzeug").addHandler(handler)
    try:
        install()
        logging.getLogger("werkzeug").warning('"GET /children?q=%s HTTP/1.1" 200', "Нурзада")
    finally:
        logging.getLogger("werkzeug").removeHandler(handler)
    assert "Нурзада" not in stream.getvalue() and "q=[redacted]" in stream.getvalue()
