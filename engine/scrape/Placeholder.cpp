namespace opsdeck { void placeholder_scrape() {} }
