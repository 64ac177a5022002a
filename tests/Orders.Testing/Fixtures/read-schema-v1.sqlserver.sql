IF OBJECT_ID(N'dbo.order_summary', N'U') IS NULL
CREATE TABLE dbo.order_summary (
    order_id nvarchar(64) NOT NULL,
    customer_id nvarchar(64) NOT NULL,
    status nvarchar(16) NOT NULL,
    line_count int NOT NULL,
    total_amount decimal(18,2) NOT NULL,
    currency nchar(3) NOT NULL,
    created_at datetimeoffset NOT NULL,
    paid_at datetimeoffset NULL,
    shipped_at datetimeoffset NULL,
    delivered_at datetimeoffset NULL,
    cancelled_at datetimeoffset NULL,
    version bigint NOT NULL,
    updated_at datetimeoffset NOT NULL,
    PRIMARY KEY (order_id))
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_order_summary_customer' AND object_id = OBJECT_ID(N'dbo.order_summary'))
CREATE INDEX ix_order_summary_customer ON dbo.order_summary (customer_id, order_id)
GO
IF OBJECT_ID(N'dbo.order_lines', N'U') IS NULL
CREATE TABLE dbo.order_lines (
    order_id nvarchar(64) NOT NULL,
    sku nvarchar(64) NOT NULL,
    quantity int NOT NULL,
    unit_price decimal(18,2) NOT NULL,
    line_total decimal(18,2) NOT NULL,
    PRIMARY KEY (order_id, sku))
GO
IF OBJECT_ID(N'dbo.customer_orders', N'U') IS NULL
CREATE TABLE dbo.customer_orders (
    customer_id nvarchar(64) NOT NULL,
    order_count int NOT NULL,
    open_count int NOT NULL,
    total_spent decimal(18,2) NOT NULL,
    last_order_at datetimeoffset NULL,
    PRIMARY KEY (customer_id))
GO
IF OBJECT_ID(N'dbo.product_sales_daily', N'U') IS NULL
CREATE TABLE dbo.product_sales_daily (
    day date NOT NULL,
    sku nvarchar(64) NOT NULL,
    quantity_sold bigint NOT NULL,
    revenue decimal(18,2) NOT NULL,
    PRIMARY KEY (day, sku))
GO
IF OBJECT_ID(N'dbo.projection_offsets', N'U') IS NULL
CREATE TABLE dbo.projection_offsets (
    projection nvarchar(64) NOT NULL,
    slice int NOT NULL,
    "offset" bigint NOT NULL,
    updated_at datetimeoffset NOT NULL,
    PRIMARY KEY (projection, slice))
GO
IF OBJECT_ID(N'dbo.projection_order_state', N'U') IS NULL
CREATE TABLE dbo.projection_order_state (
    projection nvarchar(64) NOT NULL,
    order_id nvarchar(64) NOT NULL,
    version bigint NOT NULL,
    state nvarchar(max) NOT NULL,
    PRIMARY KEY (projection, order_id))
GO
IF OBJECT_ID(N'dbo.projection_status', N'U') IS NULL
CREATE TABLE dbo.projection_status (
    projection nvarchar(64) NOT NULL,
    slice int NOT NULL,
    desired_state nvarchar(16) NOT NULL,
    state nvarchar(16) NOT NULL,
    last_error nvarchar(max) NULL,
    error_persistence_id nvarchar(255) NULL,
    error_sequence_nr bigint NULL,
    recovered_events bigint NOT NULL,
    updated_at datetimeoffset NOT NULL,
    PRIMARY KEY (projection, slice))
GO
