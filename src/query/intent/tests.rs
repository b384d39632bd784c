use super::*;

#[test]
fn mistyped_filler_words_are_found() {
    for (typed, meant) in [
        ("teh", Some("the")),
        ("differnce", Some("difference")),
        ("diffrence", Some("difference")),
        ("beween", Some("between")),
        ("waht", Some("what")),
        ("jwt", None),
        ("pasword", None),
        ("idempotancy", None),
        ("a1", None),
        ("si", Some("is")),
        ("ot", Some("to")),
        ("io", None),
        ("ws", None),
    ] {
        assert_eq!(filler_typo(typed), meant, "{typed}");
    }
}

#[test]
fn definitions_are_recognised() {
    for (text, expected) in [
        ("what is an index", true),
        ("What is a JWT?", true),
        ("whats csrf", true),
        ("wat is middleware in express", true),
        ("waht are webhooks", true),
        ("what si middleware in laravel", true),
        ("whta is a foreign key", true),
        ("define idempotency", true),
        ("idempotency meaning", true),
        (
            "Can you tell me what OPcache is and how it makes PHP faster?",
            true,
        ),
        ("explain what a closure is", true),
        (
            "How would you explain Express middleware and next() to someone new to Node?",
            true,
        ),
        (
            "how would you explain the difference between a join and a subquery",
            false,
        ),
        ("explian database transactions", true),
        ("explain how an index speeds up reads", false),
        ("explain why sessions expire", false),
        (
            "What does PHP's opcache do and how do you configure it?",
            true,
        ),
        ("What are Laravel service providers used for?", true),
        ("what does the server do when a request arrives", false),
        ("what do you think about microservices", false),
        ("tell me what happens when a request arrives", false),
        ("what happens when a request is slow", false),
        ("what is the difference between put and patch", false),
        ("how do indexes work", false),
        ("jwt refresh token", false),
    ] {
        assert_eq!(is_definition(text), expected, "{text}");
    }
}

#[test]
fn a_definition_names_its_subject() {
    for (text, subject) in [
        ("what is an index", Some("index")),
        (
            "What is CORS, and why does the browser block my request?",
            Some("cors"),
        ),
        (
            "What is database connection pooling and why does it matter?",
            Some("database connection pooling"),
        ),
        (
            "Can you tell me what OPcache is and how it makes PHP faster?",
            Some("opcache"),
        ),
        ("what is middleware in express", Some("middleware")),
        ("define idempotency", Some("idempotency")),
        ("idempotency meaning", Some("idempotency")),
        ("whta is a foreign key", Some("foreign key")),
        ("Explain XSS and how you'd prevent it.", Some("xss")),
        (
            "What does PHP's opcache do and how do you configure it?",
            Some("php opcache"),
        ),
        ("What does Flask’s g object do?", Some("flask g object")),
        (
            "What are Laravel service providers used for?",
            Some("laravel service providers"),
        ),
        // A dot inside a name ends no clause.
        (
            "How would you explain the Node.js event loop to someone coming from Java?",
            Some("node.js event loop"),
        ),
        ("what is", None),
        ("what is the difference between put and patch", None),
        ("how does an index work", None),
    ] {
        assert_eq!(defined_subject(text).as_deref(), subject, "{text}");
    }
}

#[test]
fn subjects_meet_whatever_their_case_plural_or_punctuation() {
    for (question, query) in [
        (
            "What is CORS and what does it protect against?",
            "what is cors, and why is my request blocked",
        ),
        ("How do Laravel facades work?", "what is a laravel facade"),
        (
            "What does OPcache do?",
            "Can you tell me what OPcache is and how it helps?",
        ),
        ("What are database indexes?", "what is a database index"),
        (
            "What is a service provider in Laravel?",
            "What are Laravel service providers used for?",
        ),
        ("What does OPcache do?", "What does PHP's OPcache do?"),
    ] {
        let entry = introduced_subject(question).map(|s| subject_key(&s));
        let asked = defined_subject(query).map(|s| subject_key(&s));
        assert!(
            entry.is_some() && entry == asked,
            "{question} / {query}: {entry:?} {asked:?}"
        );
    }
    assert_eq!(subject_key("Node.js streams"), "stream");
    assert_eq!(subject_key("Laravel facades"), "facade");
    // A stack that is the whole subject stays (its `s` goes like a plural's: both sides agree).
    assert_eq!(subject_key("Redis"), "redi");
    assert_eq!(subject_key("class"), "class");
}

#[test]
fn introductory_questions_are_recognised() {
    for (question, expected) in [
        ("What does OPcache do?", true),
        ("How does TOTP work?", true),
        ("How does middleware work in Laravel?", true),
        ("How do credentials work with CORS?", false),
        ("How does it work in the browser?", false),
        ("How do Laravel facades work?", true),
        ("What is a JWT?", true),
        (
            "How does PHP-FPM manage worker processes and how do you size the pool?",
            false,
        ),
        ("What does the JIT do?", true),
        ("How do Laravel facades work under the hood?", true),
        (
            "How does it work under the hood and how do you test it?",
            false,
        ),
    ] {
        assert_eq!(introduces(question), expected, "{question}");
    }
}

#[test]
fn pasted_text_is_recognised() {
    for (text, expected) in [
        (
            "SQLSTATE[23000]: Integrity constraint violation: 1062 Duplicate entry 'a@b.c' for key 'users.email_unique'",
            true,
        ),
        (
            "AttributeError: 'NoneType' object has no attribute 'id'",
            true,
        ),
        (
            "Error [ERR_HTTP_HEADERS_SENT]: Cannot set headers after they are sent",
            true,
        ),
        ("password_hash", true),
        (
            "Illuminate\\Database\\Eloquent\\ModelNotFoundException",
            true,
        ),
        ("app.use(express.json())", true),
        ("jwt refresh token", false),
        ("what is the difference between put and patch", false),
        ("node.js event loop", false),
        ("Can you tell me what OPcache is and how it works?", false),
        ("how do I tune MySQL for writes", false),
        ("getUserById returns null", true),
        // A question asked in words that names a function is a question.
        ("why is user.getProfile() undefined", false),
        ("How does next() work in Express middleware?", false),
        ("What is password_hash in PHP?", false),
        ("a user can't see another user's invoices", false),
        (
            "why does this fail: $user->save(); throws QueryException",
            true,
        ),
    ] {
        assert_eq!(is_pasted(text), expected, "{text}");
    }
}

#[test]
fn questions_are_told_from_problems_stated() {
    for (text, expected) in [
        ("how do sticky sessions work", true),
        ("What's the difference between PUT and PATCH", true),
        ("Our monolith is too big. How would you split it?", true),
        (
            "users get logged out randomly after we added a second server",
            false,
        ),
        ("the browser blocks the response from our api", false),
        ("", false),
    ] {
        assert_eq!(is_question(text), expected, "{text}");
    }
}

#[test]
fn stacks_named_in_a_query() {
    let words: Vec<String> = ["php,", "caching", "(express)"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let named = named_stacks(&words);
    assert_eq!(named.len(), 2);
    assert_eq!(named[0].prefer, ["php"]);
    assert!(named[0].related.contains(&"laravel".to_string()));
    assert_eq!(named[1].prefer, ["express"]);
    assert!(all_stacks().contains(&"flask".to_string()));
    assert!(named_stacks(&[".php".to_string()]).is_empty());
    // "PHP's opcache" names PHP.
    assert_eq!(named_stacks(&["php's".to_string()])[0].prefer, ["php"]);
}

#[test]
fn the_name_at_the_end_of_a_qualified_one() {
    for (word, tail) in [
        (
            "sqlalchemy.orm.exc.detachedinstanceerror:",
            Some("detachedinstanceerror"),
        ),
        (
            "illuminate\\queue\\maxattemptsexceededexception:",
            Some("maxattemptsexceededexception"),
        ),
        ("(psycopg2.errors.uniqueviolation)", Some("uniqueviolation")),
        ("app.config.from_prefixed_env", Some("from_prefixed_env")),
        ("node.js", None),
        ("req.body", None),
        ("route::get", None),
        ("server.min.js", None),
        ("/app/node_modules/node-fetch/src/index.js", None),
        ("1.2.3", None),
        ("10.0.0.1234", None),
        ("a..b.c", None),
    ] {
        assert_eq!(qualified_tail(word), tail, "{word}");
    }
}
