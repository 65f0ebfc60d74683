# The RFM recipe people check segments against, in pandas: keep purchases
# (quantity and unit price above 0, a customer id), total them per customer
# (last purchase, distinct invoices, spend) as of the day after the last
# purchase, score R (reversed), F (ranked first) and M by qcut quintiles, and
# map R x F to the rfm10 segments. Shared by the engine's `rfm` bench and the
# command line's `rating` bench.
import pandas as pd

SEGMENTS = {
    r'[1-2][1-2]': 'hibernating', r'[1-2][3-4]': 'at_risk', r'[1-2]5': 'cant_lose',
    r'3[1-2]': 'about_to_sleep', r'33': 'need_attention', r'[3-4][4-5]': 'loyal',
    r'41': 'promising', r'51': 'new', r'[4-5][2-3]': 'potential_loyalist', r'5[4-5]': 'champions',
}

def aggregate(df):
    d = df[(df.Quantity > 0) & (df.UnitPrice > 0) & df.CustomerID.notna()]
    d = d.assign(Amount=d.Quantity * d.UnitPrice)
    as_of = d.InvoiceDate.max().normalize() + pd.Timedelta(days=1)
    g = d.groupby('CustomerID').agg(
        Last=('InvoiceDate', 'max'), Frequency=('InvoiceNo', 'nunique'), Monetary=('Amount', 'sum'))
    g['Recency'] = (as_of - g.Last.dt.normalize()).dt.days
    return g

def score(g):
    r = pd.qcut(g.Recency, 5, labels=[5, 4, 3, 2, 1]).astype(int)
    f = pd.qcut(g.Frequency.rank(method='first'), 5, labels=[1, 2, 3, 4, 5]).astype(int)
    m = pd.qcut(g.Monetary, 5, labels=[1, 2, 3, 4, 5]).astype(int)
    segment = (r.astype(str) + f.astype(str)).replace(SEGMENTS, regex=True)
    return r, f, m, segment

def read_orders(path):
    return pd.read_csv(path, dtype={'InvoiceNo': str, 'StockCode': str}, parse_dates=['InvoiceDate'])
