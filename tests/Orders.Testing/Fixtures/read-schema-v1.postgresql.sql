CREATE TABLE IF NOT EXISTS order_summary (
    order_id varchar(64) NOT NULL,
    customer_id varchar(64) NOT NULL,
    status varchar(16) NOT NULL,
    line_count integer NOT NULL,
    total_amount numeric(18,2) NOT NULL,
    currency char(3) NOT NULL,
    created_at timestamptz NOT NULL,
    paid_at timestamptz NULL,
    shipped_at timestamptz NULL,
    delivered_at timestamptz NULL,
    cancelled_at timestamptz NULL,
    version bigint NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (order_id));
CREATE INDEX IF NOT EXISTS ix_order_summary_customer ON order_summary (customer_id, order_id);
CREATE TABLE IF NOT EXISTS order_lines (
    order_id varchar(64) NOT NULL,
    sku varchar(64) NOT NULL,
    quantity integer NOT NULL,
    unit_price numeric(18,2) NOT NULL,
    line_total numeric(18,2) NOT NULL,
    PRIMARY KEY (order_id, sku));
CREATE TABLE IF NOT EXISTS customer_orders (
    customer_id varchar(64) NOT NULL,
    order_count integer NOT NULL,
    open_count integer NOT NULL,
    total_spent numeric(18,2) NOT NULL,
    last_order_at timestamptz NULL,
    PRIMARY KEY (customer_id));
CREATE TABLE IF NOT EXISTS product_sales_daily (
    day date NOT NULL,
    sku varchar(64) NOT NULL,
    quantity_sold bigint NOT NULL,
    revenue numeric(18,2) NOT NULL,
    PRIMARY KEY (day, sku));
CREATE TABLE IF NOT EXISTS projection_offsets (
    projection varchar(64) NOT NULL,
    slice integer NOT NULL,
    "offset" bigint NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (projection, slice));
CREATE TABLE IF NOT EXISTS projection_order_state (
    projection varchar(64) NOT NULL,
    order_id varchar(64) NOT NULL,
    version bigint NOT NULL,
    state text NOT NULL,
    PRIMARY KEY (projection, order_id));
CREATE TABLE IF NOT EXISTS projection_status (
    projection varchar(64) NOT NULL,
    slice integer NOT NULL,
    desired_state varchar(16) NOT NULL,
    state varchar(16) NOT NULL,
    last_error text NULL,
    error_persistence_id varchar(255) NULL,
    error_sequence_nr bigint NULL,
    recovered_events bigint NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (projection, slice));