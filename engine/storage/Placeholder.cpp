namespace opsdeck { void placeholder_storage() {} }
