CREATE TABLE IF NOT EXISTS order_summary (
    order_id TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    status TEXT NOT NULL,
    line_count INTEGER NOT NULL,
    total_amount NUMERIC NOT NULL,
    currency TEXT NOT NULL,
    created_at TEXT NOT NULL,
    paid_at TEXT NULL,
    shipped_at TEXT NULL,
    delivered_at TEXT NULL,
    cancelled_at TEXT NULL,
    version INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (order_id));
CREATE INDEX IF NOT EXISTS ix_order_summary_customer ON order_summary (customer_id, order_id);
CREATE TABLE IF NOT EXISTS order_lines (
    order_id TEXT NOT NULL,
    sku TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    unit_price NUMERIC NOT NULL,
    line_total NUMERIC NOT NULL,
    PRIMARY KEY (order_id, sku));
CREATE TABLE IF NOT EXISTS customer_orders (
    customer_id TEXT NOT NULL,
    order_count INTEGER NOT NULL,
    open_count INTEGER NOT NULL,
    total_spent NUMERIC NOT NULL,
    last_order_at TEXT NULL,
    PRIMARY KEY (customer_id));
CREATE TABLE IF NOT EXISTS product_sales_daily (
    day TEXT NOT NULL,
    sku TEXT NOT NULL,
    quantity_sold INTEGER NOT NULL,
    revenue NUMERIC NOT NULL,
    PRIMARY KEY (day, sku));
CREATE TABLE IF NOT EXISTS projection_offsets (
    projection TEXT NOT NULL,
    slice INTEGER NOT NULL,
    "offset" INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (projection, slice));
CREATE TABLE IF NOT EXISTS projection_order_state (
    projection TEXT NOT NULL,
    order_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    state TEXT NOT NULL,
    PRIMARY KEY (projection, order_id));
CREATE TABLE IF NOT EXISTS projection_status (
    projection TEXT NOT NULL,
    slice INTEGER NOT NULL,
    desired_state TEXT NOT NULL,
    state TEXT NOT NULL,
    last_error TEXT NULL,
    error_persistence_id TEXT NULL,
    error_sequence_nr INTEGER NULL,
    recovered_events INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (projection, slice));