"""Landing pages: where each role starts."""
