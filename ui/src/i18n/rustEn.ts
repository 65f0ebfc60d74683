// English for the messages Rust sends as a key and parameters (their Chinese
// is generated into rustZh.ts from tierdesk_domain::msg::MESSAGES). A key
// missing here shows a generic English sentence naming the key, never the
// Chinese. An English text may leave out a hole whose value is Chinese
// program words (an undo refusal's list of customers), never add one.
export const rustEn: Record<string, string> = {
  // The store's refusals and failures.
  "store.open": "Cannot open the database “{path}”.",
  "store.io": "Cannot create the folder “{path}”.",
  "store.too_new":
    "The database “{path}” was made by a newer TierDesk (structure version {found}; this program knows up to {supported}). Please update TierDesk before opening it.",
  "store.duplicate_code": "Customer code “{code}” is already used by “{holder}”; codes must be unique.",
  "store.customer_not_found": "Customer {id} was not found.",
  "store.duplicate_field": "The custom field “{name}” already exists.",
  "store.field_not_found": "The custom field “{name}” was not found.",
  "store.import_not_found": "Import #{id} was not found.",
  "store.customer_gone":
    "A customer (internal number {id}) was deleted for good during the import; the import was not saved. Please import again.",
  "store.import_already_undone": "Import #{id} has already been undone.",
  "store.import_out_of_order": "Import #{later} changed customers of import #{id} afterwards; undo import #{later} first.",
  "store.profile_not_found": "The saved mapping “{name}” was not found.",
  "store.empty_profile_name": "A saved mapping needs a name.",
  "store.duplicate_profile": "A saved mapping named “{name}” already exists; please choose another name.",
  "store.busy": "Another TierDesk window or program is writing to this database file. Please wait a moment and try again.",
  "store.damaged":
    "The database file “{path}” is damaged; TierDesk has not changed it. Restore it from a backup or open another database file.",
  "store.damaged_unnamed":
    "The database file is damaged; TierDesk has not changed it. Restore it from a backup or open another database file.",
  "store.not_a_database":
    "“{path}” is not a TierDesk database (or it is damaged); TierDesk neither opened nor changed it. Open another database file or restore this one from a backup.",
  "store.undo_import_refused":
    "Import #{id} was not undone: some of its customers were changed afterwards (edited by hand, rated, or their code given to another customer), and undoing would delete or overwrite those changes. Check those customers first.",
  "store.undo_import_refused_more":
    "Import #{id} was not undone: {count} of its customers were changed afterwards (edited by hand, rated, or their code given to another customer), and undoing would delete or overwrite those changes. Check those customers first.",
  "store.undo_batch_refused":
    "Rating batch #{id} was not undone: some customers had their tier changed by hand since, and undoing would overwrite those changes. Change their tiers back in the customer record first (or keep this rating).",
  "store.undo_batch_refused_more":
    "Rating batch #{id} was not undone: {count} customers had their tier changed by hand since, and undoing would overwrite those changes. Change their tiers back in the customer record first (or keep this rating).",
  "store.tier_changed_meanwhile":
    "The tier of “{name}” was just changed in another window or program; nothing was saved. Open the customer again, check the tier, then save.",
  "store.disk_full": "The disk is full; the change was not saved and the database is unchanged. Free some disk space and try again.",
  "store.read_only":
    "The database file is read-only (or its folder cannot be written); the change was not saved. Check the file's permissions, or copy it to a folder you can write to.",
  "store.disk_io":
    "Reading or writing the database file failed (the disk or network drive may have a problem); the change was not saved. Check the disk or the network and try again.",
  "store.sqlite": "A database operation failed: {detail}",
  "store.corrupt": "Data in the database cannot be read: {detail}",
  "store.password_needed": "“{path}” is not a plain TierDesk database: it may have a password (please enter it), or it may not be a database.",
  "store.wrong_password": "Wrong password, or this file is not a TierDesk database. The file was not changed.",
  "store.no_file": "No database file is open, so no password can be set.",
  "store.backup": "The backup “{path}” was not written.",
  "store.todo_not_found": "To-do #{id} was not found.",
  "store.contact_not_found": "Contact #{id} was not found (it may have been deleted).",
  "store.date_not_found": "Date #{id} was not found (it may have been deleted).",
  // The API's own refusals.
  "customers.tier_reason_needed": "Please give a reason for changing the tier of “{name}” from “{from}” to “{to}”.",
  "privacy.purpose_needed": "Please choose or type why you need the full details (e.g. verifying a customer's call).",
  "privacy.purpose_too_long": "The purpose is too long: at most 200 characters.",
  // Imports that ask instead of guessing wrong (IMPORT).
  "import.file_not_found": "File not found: {path}. Please check the path is right and the file was not moved, renamed or deleted.",
  "import.identity_guessed": "{message}. Guesses to confirm: {columns}. Please confirm them in the import wizard, or add --accept-guesses on the command line.",
  // The points statement (PTSPRINT).
  "points.statement_period": "The statement period starts on {from}, after its last day {to}: please choose the days again.",
  "points.statement_format": "A points statement can be saved only as .pdf or .html; “{path}” is neither.",
  // Words the tier engine writes about a scheme.
  "tiers.rest": "All other customers",
  "tiers.rule_weighted": "Score ≥ {score}",
  "tiers.rule_abc": "Cumulative revenue share < {percent}%",
  "tiers.rule_rfm_none": "No purchase in the window",
  "tiers.rule_rfm10": "{r} and {f}",
  "tiers.rule_rfm8_hhh": "R high, F high, M high (against the average)",
  "tiers.rule_rfm8_hhl": "R high, F high, M low (against the average)",
  "tiers.rule_rfm8_hlh": "R high, F low, M high (against the average)",
  "tiers.rule_rfm8_hll": "R high, F low, M low (against the average)",
  "tiers.rule_rfm8_lhh": "R low, F high, M high (against the average)",
  "tiers.rule_rfm8_lhl": "R low, F high, M low (against the average)",
  "tiers.rule_rfm8_llh": "R low, F low, M high (against the average)",
  "tiers.rule_rfm8_lll": "R low, F low, M low (against the average)",
  "scheme.method.thresholds": "Thresholds",
  "scheme.method.weighted": "Weighted score",
  "scheme.method.abc": "ABC classes",
  "scheme.method.rfm": "RFM segments",
  "scheme.cycle.quarterly": "Quarterly",
  "scheme.cycle.half_yearly": "Every half year",
  "scheme.cycle.yearly": "Yearly",
  // Rules in Chinese and scheme file errors (RULES).
  "rules.empty": "At character {at}: the rule is empty; write a comparison such as spend >= 300000",
  "rules.symbol": "At character {at}: unknown symbol “{symbol}”",
  "rules.number": "At character {at}: the number “{text}” is not written correctly",
  "rules.unknown_near": "At character {at}: unknown name “{word}”; did you mean {near}?",
  "rules.unknown": "At character {at}: unknown name “{word}”",
  "rules.missing_operand": "At character {at}: the rule is not finished; a figure or number is missing here",
  "rules.expected_operand": "At character {at}: a figure or number should be here, not “{found}”",
  "rules.expected_join": "At character {at}: “and” or “or” should be here, not “{found}”",
  "rules.unclosed": "At character {at}: this bracket is never closed",
  "rules.extra_close": "At character {at}: one closing bracket too many",
  "rules.not_condition": "At character {at}: “{text}” is a number, not a condition; compare it, e.g. {text} >= a number",
  "rules.not_number": "At character {at}: “{text}” is a condition; it cannot be compared or calculated with",
  "rules.chained": "At character {at}: compare two things at a time, e.g. spend >= 10000 and spend < 50000",
  "rules.call": "At character {at}: functions such as “{name}” cannot be used; only numbers, figures, comparisons and and/or/not",
  "rules.missing_join": "At character {at}: “and” or “or” is missing before “{word}”",
  "rules.after_alone": "At character {at}: “{word}” needs a figure and a number before it, e.g. spend 300000{word}",
  "rules.after_twice": "At character {at}: a comparison is already written, so “{word}” is one too many: write the comparison once, e.g. spend >= 300000",
  "rules.tree_not_condition": "A rule must be a condition, such as spend >= 300000",
  "rules.tree_join": "And, or and not join conditions",
  "rules.tree_operand": "Both sides of a comparison or calculation must be figures or numbers",
  "rules.tree_empty_group": "The group is empty: add a condition",
  "rules.tree_unknown_figure": "Unknown figure “{key}”",
  "rules.tree_bad_number": "Not a valid number",
  "toml.missing_equals": "Missing “=”: each line is written as name = value",
  "toml.unclosed_string": "The text is not closed: a quote is missing",
  "toml.unclosed_multiline": "The multi-line text is not closed: three quotes are missing",
  "toml.unclosed_array": "“[” is never closed with “]”",
  "toml.unclosed_table": "The table name's “[” is never closed with “]”",
  "toml.unclosed_inline_table": "“{” is never closed with “}”",
  "toml.duplicate_key": "Duplicate name: a table cannot have the same name twice",
  "toml.unquoted": "Text must be in quotes, e.g. name = \"Gold\"",
  "toml.extra": "Extra content on this line: one name = value per line",
  "toml.wrong_type": "Wrong type of value here",
  "toml.wrong_type_other": "Wrong type of value ({text})",
  "toml.missing_field": "Required setting “{name}” is missing",
  "toml.unknown_variant": "“{value}” is not one of the choices: {choices}",
  "toml.unknown_variant_only": "“{value}” is not one of the choices",
  "toml.unknown_field": "Unknown name “{name}”",
  "toml.other": "Not valid TOML ({text})",
};
