//! Tokens into a rule tree, by precedence: 或 below 且 below 非 below a
//! comparison below + − below × ÷ below a sign.

use super::error::{known_labels, near_name, RuleError, Why};
use super::lex::{Tok, Token};
use super::{ArithOp, CmpOp, Names, RuleNode, Vocab};

pub(super) struct Parser<'a> {
    chars: Vec<char>,
    tokens: Vec<Token>,
    next: usize,
    vocab: &'a Vocab,
    names: Names,
}

/// A parsed part and the characters it spans.
struct Part {
    node: RuleNode,
    from: usize,
    to: usize,
}

impl<'a> Parser<'a> {
    pub fn new(text: &str, tokens: Vec<Token>, vocab: &'a Vocab, names: Names) -> Parser<'a> {
        Parser {
            chars: text.chars().collect(),
            tokens,
            next: 0,
            vocab,
            names,
        }
    }

    pub fn rule(mut self) -> Result<RuleNode, RuleError> {
        if self.peek().tok == Tok::End {
            return Err(RuleError::new(0, Why::Empty));
        }
        let part = self.or()?;
        let t = self.peek().clone();
        match &t.tok {
            Tok::End => {}
            Tok::Close => return Err(RuleError::new(t.at, Why::ExtraClose)),
            Tok::Name { .. } | Tok::Num(_) | Tok::Open | Tok::Not => {
                return Err(RuleError::new(t.at, Why::MissingJoin(self.word(&t))))
            }
            Tok::Cmp(_) => return Err(RuleError::new(t.at, Why::Chained)),
            _ => {
                return Err(RuleError::new(
                    t.at,
                    Why::Expected {
                        join: true,
                        found: Some(self.word(&t)),
                    },
                ))
            }
        }
        self.condition(part)
    }

    fn peek(&self) -> &Token {
        &self.tokens[self.next]
    }

    fn take(&mut self) -> Token {
        let t = self.tokens[self.next].clone();
        if t.tok != Tok::End {
            self.next += 1;
        }
        t
    }

    fn word(&self, t: &Token) -> String {
        self.chars[t.at..(t.at + t.len).min(self.chars.len())]
            .iter()
            .collect()
    }

    fn text(&self, p: &Part) -> String {
        self.chars[p.from..p.to.min(self.chars.len())]
            .iter()
            .collect::<String>()
            .trim()
            .to_owned()
    }

    /// `p` must be a yes/no question.
    fn condition(&self, p: Part) -> Result<RuleNode, RuleError> {
        if p.node.is_condition() {
            Ok(p.node)
        } else {
            Err(RuleError::new(p.from, Why::NotCondition(self.text(&p))))
        }
    }

    fn number(&self, p: Part) -> Result<Part, RuleError> {
        if p.node.is_condition() {
            Err(RuleError::new(p.from, Why::NotNumber(self.text(&p))))
        } else {
            Ok(p)
        }
    }

    fn chain(
        &mut self,
        join: Tok,
        below: fn(&mut Self) -> Result<Part, RuleError>,
        make: fn(Vec<RuleNode>) -> RuleNode,
    ) -> Result<Part, RuleError> {
        let first = below(self)?;
        if self.peek().tok != join {
            return Ok(first);
        }
        let from = first.from;
        let mut to = first.to;
        let mut parts = vec![self.condition(first)?];
        while self.peek().tok == join {
            self.take();
            let p = below(self)?;
            to = p.to;
            parts.push(self.condition(p)?);
        }
        Ok(Part {
            node: make(parts),
            from,
            to,
        })
    }

    fn or(&mut self) -> Result<Part, RuleError> {
        self.chain(Tok::Or, Self::and, |parts| RuleNode::Or { parts })
    }

    fn and(&mut self) -> Result<Part, RuleError> {
        self.chain(Tok::And, Self::not, |parts| RuleNode::And { parts })
    }

    fn not(&mut self) -> Result<Part, RuleError> {
        if self.peek().tok != Tok::Not {
            return self.compare();
        }
        let from = self.take().at;
        let p = self.not()?;
        let to = p.to;
        Ok(Part {
            node: RuleNode::Not {
                part: Box::new(self.condition(p)?),
            },
            from,
            to,
        })
    }

    /// `a OP b`, or `a b以上` with the comparison after its number.
    fn compare(&mut self) -> Result<Part, RuleError> {
        let left = self.sum()?;
        let op = match self.peek().tok {
            Tok::Cmp(op) => {
                self.take();
                op
            }
            Tok::After(_) => {
                let t = self.peek().clone();
                return Err(RuleError::new(t.at, Why::AfterAlone(self.word(&t))));
            }
            _ if self.after_ahead() => {
                let left = self.number(left)?;
                let right = self.sum()?;
                let right = self.number(right)?;
                let t = self.take();
                let Tok::After(op) = t.tok else {
                    return Err(RuleError::new(t.at, Why::MissingJoin(self.word(&t))));
                };
                return self.compared(op, left, right);
            }
            _ => return Ok(left),
        };
        let left = self.number(left)?;
        let right = self.sum()?;
        let right = self.number(right)?;
        if let Tok::After(_) = self.peek().tok {
            let t = self.peek().clone();
            return Err(RuleError::new(t.at, Why::AfterTwice(self.word(&t))));
        }
        self.compared(op, left, right)
    }

    fn compared(&self, op: CmpOp, left: Part, right: Part) -> Result<Part, RuleError> {
        if let Tok::Cmp(_) | Tok::After(_) = self.peek().tok {
            return Err(RuleError::new(self.peek().at, Why::Chained));
        }
        Ok(Part {
            from: left.from,
            to: right.to,
            node: RuleNode::Compare {
                op,
                left: Box::new(left.node),
                right: Box::new(right.node),
            },
        })
    }

    /// Whether a number and a word such as 以上 come next (消费金额 30万以上):
    /// figures, numbers, arithmetic and brackets up to that word.
    fn after_ahead(&self) -> bool {
        let mut depth = 0usize;
        for (k, t) in self.tokens[self.next..].iter().enumerate() {
            match t.tok {
                Tok::Open => depth += 1,
                Tok::Close if depth > 0 => depth -= 1,
                Tok::Num(_) | Tok::Name { .. } | Tok::Arith(_) => {}
                Tok::After(_) => return depth == 0 && k > 0,
                _ => return false,
            }
        }
        false
    }

    fn arith(
        &mut self,
        ops: [ArithOp; 2],
        below: fn(&mut Self) -> Result<Part, RuleError>,
    ) -> Result<Part, RuleError> {
        let mut left = below(self)?;
        while let Tok::Arith(op) = self.peek().tok {
            if !ops.contains(&op) {
                break;
            }
            left = self.number(left)?;
            self.take();
            let right = below(self)?;
            let right = self.number(right)?;
            left = Part {
                from: left.from,
                to: right.to,
                node: RuleNode::Arith {
                    op,
                    left: Box::new(left.node),
                    right: Box::new(right.node),
                },
            };
        }
        Ok(left)
    }

    fn sum(&mut self) -> Result<Part, RuleError> {
        self.arith([ArithOp::Add, ArithOp::Sub], Self::product)
    }

    fn product(&mut self) -> Result<Part, RuleError> {
        self.arith([ArithOp::Mul, ArithOp::Div], Self::sign)
    }

    fn sign(&mut self) -> Result<Part, RuleError> {
        if self.peek().tok != Tok::Arith(ArithOp::Sub) {
            return self.atom();
        }
        let from = self.take().at;
        if let Tok::Num(v) = self.peek().tok {
            let t = self.take();
            return Ok(Part {
                node: RuleNode::Number { value: -v },
                from,
                to: t.at + t.len,
            });
        }
        let p = self.sign()?;
        let p = self.number(p)?;
        Ok(Part {
            from,
            to: p.to,
            node: RuleNode::Neg {
                part: Box::new(p.node),
            },
        })
    }

    fn atom(&mut self) -> Result<Part, RuleError> {
        let t = self.take();
        let to = t.at + t.len;
        match t.tok.clone() {
            Tok::Num(value) => Ok(Part {
                node: RuleNode::Number { value },
                from: t.at,
                to,
            }),
            Tok::Name { word, key } => {
                if self.peek().tok == Tok::Open {
                    return Err(RuleError::new(t.at, Why::Call(word)));
                }
                let key = match (key, self.names) {
                    (Some(k), _) => k,
                    (None, super::Names::AnyKey) => word,
                    (None, super::Names::Known) => {
                        return Err(RuleError::new(
                            t.at,
                            Why::Unknown {
                                near: near_name(&word, self.vocab),
                                known: known_labels(self.vocab),
                                word,
                            },
                        ))
                    }
                };
                Ok(Part {
                    node: RuleNode::Figure { key },
                    from: t.at,
                    to,
                })
            }
            Tok::Open => {
                let inner = self.or()?;
                let close = self.take();
                match close.tok {
                    Tok::Close => Ok(Part {
                        node: inner.node,
                        from: t.at,
                        to: close.at + close.len,
                    }),
                    Tok::End => Err(RuleError::new(t.at, Why::Unclosed)),
                    Tok::Cmp(_) => Err(RuleError::new(close.at, Why::Chained)),
                    _ => Err(RuleError::new(
                        close.at,
                        Why::MissingJoin(self.word(&close)),
                    )),
                }
            }
            Tok::Close => Err(RuleError::new(t.at, Why::ExtraClose)),
            Tok::End => Err(RuleError::new(
                t.at,
                Why::Expected {
                    join: false,
                    found: None,
                },
            )),
            _ => Err(RuleError::new(
                t.at,
                Why::Expected {
                    join: false,
                    found: Some(self.word(&t)),
                },
            )),
        }
    }
}
