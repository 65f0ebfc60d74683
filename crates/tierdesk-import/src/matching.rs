//! Which stored customer a row is: by code, else phone, else name; which
//! earlier row of the same sheet it repeats; whose an order line is.

use std::collections::{BTreeSet, HashMap, HashSet};

use tierdesk_domain::{text, CustomerDraft, CustomerKeys, LineOwner, Msg, TransactionDraft};
use tierdesk_mapping::Problem;

/// The archive's customers by each match key (the first customer stored
/// under a key keeps it).
pub struct KeyIndex {
    code: HashMap<String, i64>,
    phone: HashMap<String, i64>,
    name: HashMap<String, i64>,
}

impl KeyIndex {
    pub fn new(keys: Vec<CustomerKeys>) -> KeyIndex {
        let mut ix = KeyIndex {
            code: HashMap::new(),
            phone: HashMap::new(),
            name: HashMap::new(),
        };
        for k in keys {
            if let Some(c) = k.code {
                ix.code.entry(c).or_insert(k.id);
            }
            if let Some(p) = k.phone_key {
                ix.phone.entry(p).or_insert(k.id);
            }
            if !k.name_key.is_empty() {
                ix.name.entry(k.name_key).or_insert(k.id);
            }
        }
        ix
    }

    /// By code, else by phone, else by name. A draft with a code is found
    /// by its code only.
    pub fn find(&self, d: &CustomerDraft) -> Option<i64> {
        self.find_by(d).map(|f| match f {
            Found::Code(id) | Found::Phone(id) | Found::Name(id) => id,
        })
    }

    /// [`KeyIndex::find`], saying which key found the customer: a match by
    /// phone alone is checked against the names before it is believed.
    pub fn find_by(&self, d: &CustomerDraft) -> Option<Found> {
        if let Some(id) = d.code.as_ref().and_then(|c| self.code.get(c)) {
            return Some(Found::Code(*id));
        }
        if d.code.is_some() {
            // A sheet that gives codes means them: another code is another customer.
            return None;
        }
        if let Some(id) = d
            .phone
            .as_deref()
            .and_then(text::match_key_phone)
            .and_then(|p| self.phone.get(&p))
        {
            return Some(Found::Phone(*id));
        }
        self.by_name(&d.name).map(Found::Name)
    }

    /// The archived customer of this name (by its match key).
    pub fn by_name(&self, name: &str) -> Option<i64> {
        self.name.get(&text::match_key_name(name)).copied()
    }
}

/// Which key found an archived customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    Code(i64),
    Phone(i64),
    Name(i64),
}

/// The column by which two rows are the same customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SameBy {
    Code,
    Phone,
    Name,
}

impl SameBy {
    /// The column's Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            SameBy::Code => "客户编号",
            SameBy::Phone => "联系方式",
            SameBy::Name => "客户名称",
        }
    }

    /// The problem of a row that repeats row `earlier` (Excel row − 1).
    pub fn repeat_msg(self, earlier: usize) -> Msg {
        let key = match self {
            SameBy::Code => "import.same_code",
            SameBy::Phone => "import.same_phone",
            SameBy::Name => "import.same_name",
        };
        Msg::new(key).with("row", earlier + 1)
    }
}

/// What an earlier row of the same sheet says about a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seen {
    /// No earlier row shares its keys.
    Fresh,
    /// The same customer as the earlier row, by the column named.
    Same(usize, SameBy),
    /// An earlier row has the same phone under another name: maybe the same
    /// customer, maybe two that share a contact. The row's keys are not
    /// noted until [`SeenInFile::keep`] says it is a customer of its own.
    PhoneOnly { row: usize, name: String },
}

/// The first row of the file each customer key was seen on.
#[derive(Default)]
pub struct SeenInFile {
    code: HashMap<String, usize>,
    /// The first row with each phone, with its name's match key and its name.
    phone: HashMap<String, (usize, String, String)>,
    name: HashMap<String, usize>,
}

impl SeenInFile {
    /// The earlier row this draft repeats, with what they share (the
    /// column's name); else the draft's keys are noted for later rows.
    pub fn check(&mut self, row: usize, d: &CustomerDraft) -> Option<(usize, &'static str)> {
        match self.look(row, d) {
            Seen::Same(r, by) => Some((r, by.label())),
            Seen::Fresh => None,
            Seen::PhoneOnly { row: r, .. } => Some((r, SameBy::Phone.label())),
        }
    }

    /// What the earlier rows say about this draft. A draft with a code is
    /// the same customer only by its code; else by its phone when the names
    /// agree, else by its name. Fresh drafts are noted for later rows.
    pub fn look(&mut self, row: usize, d: &CustomerDraft) -> Seen {
        if let Some(code) = &d.code {
            if let Some(r) = self.code.get(code) {
                return Seen::Same(*r, SameBy::Code);
            }
            self.code.insert(code.clone(), row);
            return Seen::Fresh;
        }
        let n = text::match_key_name(&d.name);
        if let Some(p) = d.phone.as_deref().and_then(text::match_key_phone) {
            match self.phone.get(&p) {
                Some((r, key, _)) if *key == n => return Seen::Same(*r, SameBy::Phone),
                Some((r, _, name)) => {
                    return match self.name.get(&n) {
                        Some(same) => Seen::Same(*same, SameBy::Name),
                        None => Seen::PhoneOnly {
                            row: *r,
                            name: name.clone(),
                        },
                    }
                }
                None => {
                    self.phone.insert(p, (row, n.clone(), d.name.clone()));
                }
            }
        }
        if let Some(r) = self.name.get(&n) {
            return Seen::Same(*r, SameBy::Name);
        }
        self.name.insert(n, row);
        Seen::Fresh
    }

    /// Notes a row that shared a phone with an earlier one as a customer of
    /// its own, so later rows of its name are found.
    pub fn keep(&mut self, row: usize, d: &CustomerDraft) {
        self.name
            .entry(text::match_key_name(&d.name))
            .or_insert(row);
    }
}

/// Who each order line belongs to, decided line by line: a customer in the
/// archive (by code; by name when the sheet gives no code), else a new
/// customer this import creates, first named by this line or an earlier one.
pub struct LineMatcher<'a> {
    index: &'a KeyIndex,
    by_code: HashMap<String, usize>,
    by_name: HashMap<String, usize>,
    new_customers: Vec<CustomerDraft>,
    /// Customers already in the archive that get lines.
    touched: HashSet<i64>,
    lines: u64,
    without_customer: u64,
}

impl<'a> LineMatcher<'a> {
    pub fn new(index: &'a KeyIndex) -> LineMatcher<'a> {
        LineMatcher {
            index,
            by_code: HashMap::new(),
            by_name: HashMap::new(),
            new_customers: Vec::new(),
            touched: HashSet::new(),
            lines: 0,
            without_customer: 0,
        }
    }

    /// The owner of the line on `row`; a line naming nobody is reported and
    /// its row rejected.
    pub fn place(
        &mut self,
        row: usize,
        line: &TransactionDraft,
        problems: &mut Vec<Problem>,
        rejected: &mut BTreeSet<usize>,
    ) -> Option<LineOwner> {
        let code = line
            .customer_code
            .as_deref()
            .filter(|c| !c.trim().is_empty());
        let name = line
            .customer_name
            .as_deref()
            .filter(|n| !n.trim().is_empty());
        let name_key = match (code, name) {
            (None, Some(n)) => Some(text::match_key_name(n)),
            _ => None,
        };
        let existing = match (code, &name_key) {
            (Some(c), _) => self.index.code.get(c),
            (None, Some(k)) => self.index.name.get(k),
            (None, None) => None,
        };
        if let Some(id) = existing {
            self.touched.insert(*id);
            self.lines += 1;
            return Some(LineOwner::Existing(*id));
        }
        let slot = match (code, &name_key) {
            (Some(c), _) => self.by_code.get(c),
            (None, Some(k)) => self.by_name.get(k),
            (None, None) => {
                self.without_customer += 1;
                problems.push(Problem::whole_row(row, Msg::new("import.no_customer")));
                rejected.insert(row);
                return None;
            }
        };
        let n = match slot {
            Some(n) => *n,
            None => {
                let n = self.new_customers.len();
                self.new_customers.push(CustomerDraft {
                    code: code.map(str::to_owned),
                    name: name
                        .map(str::to_owned)
                        .unwrap_or_else(|| format!("客户 {}", code.unwrap_or_default())),
                    ..CustomerDraft::default()
                });
                match (code, name_key) {
                    (Some(c), _) => self.by_code.insert(c.to_owned(), n),
                    (None, Some(k)) => self.by_name.insert(k, n),
                    (None, None) => None,
                };
                n
            }
        };
        self.lines += 1;
        Some(LineOwner::New(n))
    }

    /// Lines placed with an owner.
    pub fn lines(&self) -> u64 {
        self.lines
    }

    /// Lines that named no customer.
    pub fn without_customer(&self) -> u64 {
        self.without_customer
    }

    /// How many customers already in the archive got lines.
    pub fn touched(&self) -> u64 {
        self.touched.len() as u64
    }

    /// The customers the lines create; the n-th owns `LineOwner::New(n)`.
    pub fn new_customers(&self) -> &[CustomerDraft] {
        &self.new_customers
    }

    pub fn into_new_customers(self) -> Vec<CustomerDraft> {
        self.new_customers
    }
}
