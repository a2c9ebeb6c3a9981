namespace opsdeck { void placeholder_collect() {} }
