"""Complaint tracking codes, written again from the layout that shared/src/tracking_code.cpp
documents (3 base-31 symbols of kiosk number, 4 of sequence, a mod-31 weighted check symbol), so
that the tests and the demo can make a code of any kiosk without the C++ code: an independent
implementation (its known answer, make(1234, 56789) == "3AU-3X4X-C", is the C++ header's example).

    python3 scripts/tracking_code.py KIOSK_NUMBER SEQUENCE     prints the code"""

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def make(kiosk_number: int, sequence: int) -> str:
    assert 1 <= kiosk_number < 31 ** 3 and 1 <= sequence < 31 ** 4
    values = []
    for value, count in ((kiosk_number, 3), (sequence, 4)):
        digits = []
        for _ in range(count):
            digits.append(value % 31)
            value //= 31
        values += reversed(digits)
    weighted = sum((8 - i) * v for i, v in enumerate(values))
    values.append((31 - weighted % 31) % 31)
    s = "".join(ALPHABET[v] for v in values)
    return f"{s[:3]}-{s[3:7]}-{s[7]}"


if __name__ == "__main__":
    import sys
    print(make(int(sys.argv[1]), int(sys.argv[2])))
