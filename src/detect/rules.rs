//! The tables that turn a dependency name into a display name: one table per
//! ecosystem, spelled as the role templates spell their choices and defaults
//! ("PostgreSQL", "Next.js", "AWS") so detected answers read like typed ones.
//!
//! A pattern ending in `*` matches every name that starts with the rest
//! (`@aws-sdk/*`, `github.com/labstack/echo*` for its `/v4` paths); any
//! other pattern matches one name exactly. Several rules may match one name.
//! Within a table, rules run in order, so the order of each table is the
//! order facts are reported in.

use super::{Category, Facts};

use Category::{
    Cloud as C, Databases as D, Frameworks as F, Languages as L, MessageQueues as Q,
    TestFrameworks as T,
};

pub type Rule = (&'static str, Category, &'static str);

fn matches(pattern: &str, name: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => name.starts_with(prefix),
        None => name == pattern,
    }
}

/// Adds the fact of every rule that one of `found` (a name and the file
/// that names it) matches. Facts come out in the order of the table, which
/// lists the defining choices (Next.js) before the supporting ones
/// (Prisma), not in the order a manifest happens to list its dependencies.
pub fn apply_with(rules: &[Rule], found: &[(&str, &str)], facts: &mut Facts) {
    for &(pattern, category, display) in rules {
        if let Some((_, evidence)) = found.iter().find(|(name, _)| matches(pattern, name)) {
            facts.add(category, display, evidence);
        }
    }
}

/// [`apply_with`] for names that one file gives.
pub fn apply<'a>(
    rules: &[Rule],
    names: impl IntoIterator<Item = &'a str>,
    facts: &mut Facts,
    evidence: &str,
) {
    let found: Vec<(&str, &str)> = names.into_iter().map(|n| (n, evidence)).collect();
    apply_with(rules, &found, facts);
}

/// package.json dependencies and devDependencies.
pub const NPM: &[Rule] = &[
    ("typescript", L, "TypeScript"),
    ("next", F, "Next.js"),
    ("react", F, "React"),
    ("react-native", F, "React Native"),
    ("expo", F, "Expo"),
    ("vue", F, "Vue"),
    ("nuxt", F, "Nuxt"),
    ("svelte", F, "Svelte"),
    ("@sveltejs/kit", F, "SvelteKit"),
    ("@angular/core", F, "Angular"),
    ("solid-js", F, "SolidJS"),
    ("astro", F, "Astro"),
    ("@remix-run/react", F, "Remix"),
    ("express", F, "Express"),
    ("@nestjs/core", F, "NestJS"),
    ("fastify", F, "Fastify"),
    ("koa", F, "Koa"),
    ("hono", F, "Hono"),
    ("electron", F, "Electron"),
    ("prisma", F, "Prisma"),
    ("@prisma/client", F, "Prisma"),
    ("drizzle-orm", F, "Drizzle"),
    ("typeorm", F, "TypeORM"),
    ("sequelize", F, "Sequelize"),
    ("mongoose", F, "Mongoose"),
    ("graphql", F, "GraphQL"),
    ("pg", D, "PostgreSQL"),
    ("postgres", D, "PostgreSQL"),
    ("@neondatabase/serverless", D, "PostgreSQL"),
    ("mysql", D, "MySQL"),
    ("mysql2", D, "MySQL"),
    ("mongodb", D, "MongoDB"),
    ("mongoose", D, "MongoDB"),
    ("redis", D, "Redis"),
    ("ioredis", D, "Redis"),
    ("better-sqlite3", D, "SQLite"),
    ("sqlite3", D, "SQLite"),
    ("@elastic/elasticsearch", D, "Elasticsearch"),
    ("kafkajs", Q, "Kafka"),
    ("@confluentinc/kafka-javascript", Q, "Kafka"),
    ("amqplib", Q, "RabbitMQ"),
    ("amqp-connection-manager", Q, "RabbitMQ"),
    ("@aws-sdk/client-sqs", Q, "SQS"),
    ("nats", Q, "NATS"),
    ("bullmq", Q, "BullMQ"),
    ("aws-sdk", C, "AWS"),
    ("@aws-sdk/*", C, "AWS"),
    ("aws-cdk-lib", C, "AWS"),
    ("@google-cloud/*", C, "GCP"),
    ("firebase", C, "GCP"),
    ("firebase-admin", C, "GCP"),
    ("@azure/*", C, "Azure"),
    ("jest", T, "Jest"),
    ("vitest", T, "Vitest"),
    ("@playwright/test", T, "Playwright"),
    ("playwright", T, "Playwright"),
    ("cypress", T, "Cypress"),
    ("mocha", T, "Mocha"),
    ("@testing-library/*", T, "Testing Library"),
    ("@storybook/test", T, "Storybook"),
];

/// go.mod module paths.
pub const GO: &[Rule] = &[
    ("github.com/gin-gonic/gin", F, "Gin"),
    ("github.com/labstack/echo*", F, "Echo"),
    ("github.com/go-chi/chi*", F, "chi"),
    ("github.com/gofiber/fiber*", F, "Fiber"),
    ("github.com/gorilla/mux", F, "Gorilla mux"),
    ("google.golang.org/grpc", F, "gRPC"),
    ("gorm.io/gorm", F, "GORM"),
    ("entgo.io/ent", F, "ent"),
    ("github.com/IBM/sarama", Q, "Kafka"),
    ("github.com/Shopify/sarama", Q, "Kafka"),
    ("github.com/segmentio/kafka-go", Q, "Kafka"),
    ("github.com/confluentinc/confluent-kafka-go*", Q, "Kafka"),
    ("github.com/twmb/franz-go", Q, "Kafka"),
    ("github.com/rabbitmq/amqp091-go", Q, "RabbitMQ"),
    ("github.com/streadway/amqp", Q, "RabbitMQ"),
    ("github.com/nats-io/nats.go", Q, "NATS"),
    ("github.com/jackc/pgx*", D, "PostgreSQL"),
    ("github.com/lib/pq", D, "PostgreSQL"),
    ("gorm.io/driver/postgres", D, "PostgreSQL"),
    ("github.com/go-sql-driver/mysql", D, "MySQL"),
    ("gorm.io/driver/mysql", D, "MySQL"),
    ("go.mongodb.org/mongo-driver*", D, "MongoDB"),
    ("github.com/redis/go-redis*", D, "Redis"),
    ("github.com/go-redis/redis*", D, "Redis"),
    ("github.com/mattn/go-sqlite3", D, "SQLite"),
    ("github.com/aws/aws-sdk-go*", C, "AWS"),
    ("github.com/aws/aws-sdk-go-v2/service/sqs", Q, "SQS"),
    ("github.com/aws/aws-sdk-go/service/sqs", Q, "SQS"),
    ("github.com/aws/aws-lambda-go", C, "AWS"),
    ("cloud.google.com/go*", C, "GCP"),
    ("github.com/Azure/azure-sdk-for-go*", C, "Azure"),
    ("github.com/stretchr/testify", T, "testify"),
    ("github.com/onsi/ginkgo*", T, "Ginkgo"),
    (
        "github.com/testcontainers/testcontainers-go*",
        T,
        "Testcontainers",
    ),
];

/// Cargo.toml dependency names. The database behind sqlx, diesel and
/// sea-orm comes from their features (see `ecosystems::cargo_features`).
pub const CARGO: &[Rule] = &[
    ("axum", F, "Axum"),
    ("actix-web", F, "Actix Web"),
    ("rocket", F, "Rocket"),
    ("warp", F, "warp"),
    ("poem", F, "Poem"),
    ("tokio", F, "Tokio"),
    ("tonic", F, "gRPC"),
    ("async-graphql", F, "GraphQL"),
    ("sqlx", F, "SQLx"),
    ("diesel", F, "Diesel"),
    ("sea-orm", F, "SeaORM"),
    ("leptos", F, "Leptos"),
    ("tauri", F, "Tauri"),
    ("tokio-postgres", D, "PostgreSQL"),
    ("postgres", D, "PostgreSQL"),
    ("deadpool-postgres", D, "PostgreSQL"),
    ("mysql", D, "MySQL"),
    ("mysql_async", D, "MySQL"),
    ("rusqlite", D, "SQLite"),
    ("redis", D, "Redis"),
    ("mongodb", D, "MongoDB"),
    ("rdkafka", Q, "Kafka"),
    ("lapin", Q, "RabbitMQ"),
    ("async-nats", Q, "NATS"),
    ("aws-sdk-sqs", Q, "SQS"),
    ("aws-config", C, "AWS"),
    ("aws-sdk-*", C, "AWS"),
    ("lambda_runtime", C, "AWS"),
    ("google-cloud-*", C, "GCP"),
    ("azure_*", C, "Azure"),
    ("proptest", T, "proptest"),
    ("rstest", T, "rstest"),
    ("insta", T, "insta"),
];

/// Python distribution names, normalised (lower case, `-` for `_` and `.`).
pub const PYTHON: &[Rule] = &[
    ("django", F, "Django"),
    ("djangorestframework", F, "Django REST framework"),
    ("fastapi", F, "FastAPI"),
    ("flask", F, "Flask"),
    ("starlette", F, "Starlette"),
    ("litestar", F, "Litestar"),
    ("aiohttp", F, "aiohttp"),
    ("celery", F, "Celery"),
    ("sqlalchemy", F, "SQLAlchemy"),
    ("psycopg", D, "PostgreSQL"),
    ("psycopg2", D, "PostgreSQL"),
    ("psycopg2-binary", D, "PostgreSQL"),
    ("asyncpg", D, "PostgreSQL"),
    ("pymysql", D, "MySQL"),
    ("mysqlclient", D, "MySQL"),
    ("pymongo", D, "MongoDB"),
    ("motor", D, "MongoDB"),
    ("redis", D, "Redis"),
    ("elasticsearch", D, "Elasticsearch"),
    ("kafka-python", Q, "Kafka"),
    ("confluent-kafka", Q, "Kafka"),
    ("aiokafka", Q, "Kafka"),
    ("pika", Q, "RabbitMQ"),
    ("aio-pika", Q, "RabbitMQ"),
    ("kombu", Q, "RabbitMQ"),
    ("boto3", C, "AWS"),
    ("botocore", C, "AWS"),
    ("aioboto3", C, "AWS"),
    ("google-cloud-*", C, "GCP"),
    ("azure-*", C, "Azure"),
    ("pytest", T, "pytest"),
    ("hypothesis", T, "Hypothesis"),
];

/// Gemfile gems.
pub const RUBY: &[Rule] = &[
    ("rails", F, "Ruby on Rails"),
    ("sinatra", F, "Sinatra"),
    ("sidekiq", F, "Sidekiq"),
    ("pg", D, "PostgreSQL"),
    ("mysql2", D, "MySQL"),
    ("redis", D, "Redis"),
    ("sqlite3", D, "SQLite"),
    ("aws-sdk-*", C, "AWS"),
    ("google-cloud-*", C, "GCP"),
    ("rspec", T, "RSpec"),
    ("rspec-rails", T, "RSpec"),
    ("minitest", T, "Minitest"),
    ("capybara", T, "Capybara"),
];

/// Words in pom.xml and build.gradle files (artifact ids and plugin ids).
pub const JVM: &[Rule] = &[
    ("spring-boot*", F, "Spring Boot"),
    ("org.springframework.boot", F, "Spring Boot"),
    ("quarkus*", F, "Quarkus"),
    ("micronaut*", F, "Micronaut"),
    ("ktor*", F, "Ktor"),
    ("hibernate-core", F, "Hibernate"),
    ("postgresql", D, "PostgreSQL"),
    ("mysql-connector-java", D, "MySQL"),
    ("mysql-connector-j", D, "MySQL"),
    ("mongodb-driver*", D, "MongoDB"),
    ("spring-boot-starter-data-mongodb", D, "MongoDB"),
    ("spring-boot-starter-data-redis", D, "Redis"),
    ("jedis", D, "Redis"),
    ("kafka-clients", Q, "Kafka"),
    ("spring-kafka", Q, "Kafka"),
    ("spring-boot-starter-amqp", Q, "RabbitMQ"),
    ("amqp-client", Q, "RabbitMQ"),
    ("aws-java-sdk*", C, "AWS"),
    ("software.amazon.awssdk", C, "AWS"),
    ("com.google.cloud", C, "GCP"),
    ("com.azure", C, "Azure"),
    ("junit", T, "JUnit"),
    ("junit-jupiter*", T, "JUnit"),
    ("kotest*", T, "Kotest"),
    ("mockito-core", T, "Mockito"),
    ("testcontainers", T, "Testcontainers"),
];

/// composer.json packages.
pub const PHP: &[Rule] = &[
    ("laravel/framework", F, "Laravel"),
    ("symfony/framework-bundle", F, "Symfony"),
    ("symfony/symfony", F, "Symfony"),
    ("slim/slim", F, "Slim"),
    ("doctrine/orm", F, "Doctrine"),
    ("predis/predis", D, "Redis"),
    ("mongodb/mongodb", D, "MongoDB"),
    ("php-amqplib/php-amqplib", Q, "RabbitMQ"),
    ("aws/aws-sdk-php", C, "AWS"),
    ("google/cloud*", C, "GCP"),
    ("phpunit/phpunit", T, "PHPUnit"),
    ("pestphp/pest", T, "Pest"),
];

/// .NET package references in project files.
pub const DOTNET: &[Rule] = &[
    ("Microsoft.AspNetCore*", F, "ASP.NET Core"),
    ("Microsoft.EntityFrameworkCore*", F, "Entity Framework Core"),
    ("Npgsql*", D, "PostgreSQL"),
    ("Microsoft.Data.SqlClient", D, "SQL Server"),
    ("Microsoft.EntityFrameworkCore.SqlServer", D, "SQL Server"),
    ("StackExchange.Redis", D, "Redis"),
    ("MongoDB.Driver", D, "MongoDB"),
    ("Confluent.Kafka", Q, "Kafka"),
    ("RabbitMQ.Client", Q, "RabbitMQ"),
    ("AWSSDK.*", C, "AWS"),
    ("Google.Cloud.*", C, "GCP"),
    ("Azure.*", C, "Azure"),
    ("xunit", T, "xUnit"),
    ("NUnit", T, "NUnit"),
    ("MSTest.TestFramework", T, "MSTest"),
];

/// Container images, by the last part of their name without tag or digest
/// (`docker.io/bitnami/kafka:3.7` is `kafka`).
pub const IMAGES: &[Rule] = &[
    ("postgres", D, "PostgreSQL"),
    ("postgis", D, "PostgreSQL"),
    ("pgvector", D, "PostgreSQL"),
    ("mysql", D, "MySQL"),
    ("mariadb", D, "MariaDB"),
    ("redis", D, "Redis"),
    ("redis-stack", D, "Redis"),
    ("valkey", D, "Valkey"),
    ("mongo", D, "MongoDB"),
    ("mongodb-community-server", D, "MongoDB"),
    ("memcached", D, "Memcached"),
    ("elasticsearch", D, "Elasticsearch"),
    ("opensearch", D, "OpenSearch"),
    ("cassandra", D, "Cassandra"),
    ("clickhouse-server", D, "ClickHouse"),
    ("kafka", Q, "Kafka"),
    ("cp-kafka", Q, "Kafka"),
    ("cp-server", Q, "Kafka"),
    ("redpanda", Q, "Redpanda"),
    ("rabbitmq", Q, "RabbitMQ"),
    ("nats", Q, "NATS"),
    ("localstack", C, "AWS"),
];
