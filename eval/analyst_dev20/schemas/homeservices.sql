-- A home-services marketplace built with Ruby on Rails (db/structure.sql as Rails writes it):
-- plural snake_case tables, bigint ids, *_id foreign keys, created_at/updated_at timestamps
-- (timestamp(6) without time zone, UTC), money in integer cents, Rails integer enums documented in
-- column comments. users uses single-table inheritance: type 'Customer' or 'Pro' (and 'Admin').
CREATE TABLE schema_migrations (
    version character varying PRIMARY KEY
);
CREATE TABLE ar_internal_metadata (
    key character varying PRIMARY KEY,
    value character varying,
    created_at timestamp(6) without time zone NOT NULL,
    updated_at timestamp(6) without time zone NOT NULL
);
CREATE TABLE service_categories (
    id bigserial PRIMARY KEY,
    name character varying NOT NULL,
    slug character varying NOT NULL UNIQUE,
    active boolean DEFAULT true NOT NULL,
    created_at timestamp(6) without time zone NOT NULL,
    updated_at timestamp(6) without time zone NOT NULL
);
CREATE TABLE users (
    id bigserial PRIMARY KEY,
    type character varying NOT NULL,
    email character varying DEFAULT '' NOT NULL,
    encrypted_password character varying DEFAULT '' NOT NULL,
    first_name character varying NOT NULL,
    last_name character varying NOT NULL,
    phone character varying,
    business_name character varying,
    service_category_id bigint REFERENCES service_categories(id),
    hourly_rate_cents integer,
    background_check_passed boolean,
    sign_in_count integer DEFAULT 0 NOT NULL,
    last_sign_in_at timestamp(6) without time zone,
    created_at timestamp(6) without time zone NOT NULL,
    updated_at timestamp(6) without time zone NOT NULL
);
CREATE UNIQUE INDEX index_users_on_email ON users USING btree (email);
CREATE INDEX index_users_on_type ON users USING btree (type);
COMMENT ON COLUMN users.type IS 'STI: Customer, Pro or Admin';
COMMENT ON COLUMN users.service_category_id IS 'pros only: the trade they offer';
CREATE TABLE addresses (
    id bigserial PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users(id),
    label character varying NOT NULL,
    street character varying NOT NULL,
    city character varying NOT NULL,
    state character varying NOT NULL,
    zip character varying NOT NULL,
    created_at timestamp(6) without time zone NOT NULL,
    updated_at timestamp(6) without time zone NOT NULL
);
CREATE INDEX index_addresses_on_user_id ON addresses USING btree (user_id);
CREATE TABLE job_requests (
    id bigserial PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES users(id),
    service_category_id bigint NOT NULL REFERENCES service_categories(id),
    address_id bigint NOT NULL REFERENCES addresses(id),
    title character varying NOT NULL,
    description text,
    budget_cents integer,
    preferred_date date,
    status integer DEFAULT 0 NOT NULL,
    created_at timestamp(6) without time zone NOT NULL,
    updated_at timestamp(6) without time zone NOT NULL
);
CREATE INDEX index_job_requests_on_customer_id ON job_requests USING btree (customer_id);
COMMENT ON COLUMN job_requests.status IS 'enum: 0 = requested, 1 = quoted, 2 = booked, 3 = done';
CREATE TABLE quotes (
    id bigserial PRIMARY KEY,
    job_request_id bigint NOT NULL REFERENCES job_requests(id),
    pro_id bigint NOT NULL REFERENCES users(id),
    price_cents integer NOT NULL,
    message text,
    status integer DEFAULT 0 NOT NULL,
    created_at timestamp(6) without time zone NOT NULL,
    updated_at timestamp(6) without time zone NOT NULL
);
CREATE INDEX index_quotes_on_job_request_id ON quotes USING btree (job_request_id);
CREATE INDEX index_quotes_on_pro_id ON quotes USING btree (pro_id);
COMMENT ON COLUMN quotes.status IS 'enum: 0 = pending, 1 = accepted, 2 = declined';
CREATE TABLE bookings (
    id bigserial PRIMARY KEY,
    job_request_id bigint NOT NULL REFERENCES job_requests(id),
    quote_id bigint NOT NULL REFERENCES quotes(id),
    customer_id bigint NOT NULL REFERENCES users(id),
    pro_id bigint NOT NULL REFERENCES users(id),
    scheduled_at timestamp(6) without time zone NOT NULL,
    completed_at timestamp(6) without time zone,
    price_cents integer NOT NULL,
    created_at timestamp(6) without time zone NOT NULL,
    updated_at timestamp(6) without time zone NOT NULL
);
CREATE UNIQUE INDEX index_bookings_on_job_request_id ON bookings USING btree (job_request_id);
CREATE INDEX index_bookings_on_pro_id ON bookings USING btree (pro_id);
COMMENT ON COLUMN bookings.completed_at IS 'set when the pro marks the job done';
CREATE TABLE payments (
    id bigserial PRIMARY KEY,
    booking_id bigint NOT NULL REFERENCES bookings(id),
    amount_cents integer NOT NULL,
    tip_cents integer DEFAULT 0 NOT NULL,
    platform_fee_cents integer NOT NULL,
    payment_method character varying NOT NULL,
    status integer DEFAULT 0 NOT NULL,
    stripe_charge_id character varying,
    paid_at timestamp(6) without time zone,
    created_at timestamp(6) without time zone NOT NULL,
    updated_at timestamp(6) without time zone NOT NULL
);
CREATE INDEX index_payments_on_booking_id ON payments USING btree (booking_id);
COMMENT ON COLUMN payments.status IS 'enum: 0 = pending, 1 = succeeded, 2 = refunded';
COMMENT ON COLUMN payments.amount_cents IS 'charged to the customer for the job, tip not included';
COMMENT ON COLUMN payments.platform_fee_cents IS 'our commission, kept from the amount';
CREATE TABLE reviews (
    id bigserial PRIMARY KEY,
    reviewable_type character varying NOT NULL,
    reviewable_id bigint NOT NULL,
    author_id bigint NOT NULL REFERENCES users(id),
    rating integer NOT NULL,
    body text,
    created_at timestamp(6) without time zone NOT NULL,
    updated_at timestamp(6) without time zone NOT NULL
);
CREATE INDEX index_reviews_on_reviewable ON reviews USING btree (reviewable_type, reviewable_id);
COMMENT ON COLUMN reviews.reviewable_type IS 'polymorphic: Booking = the customer rates the job (and its pro); User = the pro rates the customer';
COMMENT ON COLUMN reviews.rating IS '1 to 5 stars';
