//! How long questions, as interviewers ask them, are read on the real bank through the real binary:
//! the verb and the listener that frame a question, what a comparison compares, and what is only a
//! number or a place in the sentence.

mod support;

use support::ranking::ranker;

#[test]
fn framing_verbs_other_sides_and_functions_named_in_a_question() {
    let top = ranker();

    // The verb of "how do I write X" frames the question: X is the subject.
    assert_eq!(
        top("How do I write an error-handling middleware in Express?", 1),
        ["express/error-handling#how-does-error-handling-middleware-work-in-express"]
    );
    // "X instead of Y" compares X and Y, as "X vs Y" does.
    assert_eq!(
        top(
            "When should I use a policy instead of a gate in Laravel?",
            1
        ),
        ["laravel/authorization#what-is-the-difference-between-gates-and-policies-in-laravel"]
    );
    // A question that names a function (`next()`) is still a question: "how would you explain X"
    // asks what X is, and the listener ("someone new to Node") is not the subject.
    assert_eq!(
        top(
            "How would you explain Express middleware and the role of next() to someone new to Node?",
            1
        ),
        ["express/middleware#what-is-middleware-in-express"]
    );
    // An interview question's closing clause ("what problems does it solve") frames it: the message
    // queue is the subject, not the entries that ask which problem something else solves.
    assert_eq!(
        top(
            "Why would you introduce a message queue into a system, and what problems does it solve?",
            1
        ),
        ["backend/message-queues#what-is-a-message-queue-and-why-would-a-backend-use-one"]
    );
    // The sides of an asked difference are its subject, in the entries' questions first; "when" after
    // the comma compares nothing, and a typographic apostrophe is an apostrophe.
    assert_eq!(
        top(
            "Can you explain the differences between the PUT and PATCH methods, and when you would reach for each one?",
            1
        ),
        [
            "backend/http-methods-status#when-do-you-use-put-patch-or-post-to-update-or-create-a-resource"
        ]
    );
    assert_eq!(
        top(
            "What\u{2019}s the difference between optimistic and pessimistic locking, and when would you pick each?",
            1
        ),
        [
            "databases/locking#what-is-the-difference-between-optimistic-and-pessimistic-concurrency-control-and-when-would-you-choose-each"
        ]
    );
    // A problem described in a sentence that names a product in mixed case is not pasted code.
    let hits = top(
        "after a deploy some users still get the old JavaScript file and the site breaks until they hard refresh",
        3,
    );
    assert!(
        hits.iter()
            .any(|id| id.starts_with("performance/cdn-caching#")
                || id.starts_with("performance/http-caching#")),
        "{hits:?}"
    );
}

#[test]
fn what_a_sentence_places_or_quotes_is_not_its_subject() {
    let top = ranker();

    // A "between" that places something compares nothing, and a clause after its "and" is no side.
    assert_eq!(
        top(
            "what does a load balancer between clients and servers do",
            1
        ),
        ["performance/load-balancing#what-does-a-load-balancer-do-in-a-web-backend"]
    );
    assert_eq!(
        top(
            "how do you pass data between middleware and what should you avoid",
            1
        ),
        ["express/middleware#how-do-you-pass-data-between-middleware-in-express"]
    );
    // "What is X Y" when no question says "X Y": the entry that defines X, not the ones that set it up.
    assert_eq!(
        top("what is cors polcy", 1),
        ["security/cors#what-is-cors-and-what-does-it-protect-against"]
    );
    // "-1" in a sentence is a number, not "exclude every entry that says 1".
    assert_eq!(
        top(
            "two customers bought the last ticket at the exact same second and now stock shows -1",
            1
        ),
        ["databases/transactions-and-isolation#what-is-a-lost-update-and-how-do-you-prevent-it"]
    );
    // Who the explanation is for, and a dot inside a name, are no part of the subject: the Node.js
    // event loop, not what Node.js is.
    let hits = top(
        "How would you explain the Node.js event loop to someone coming from a multithreaded language like Java?",
        3,
    );
    assert!(
        hits.iter().all(|id| id.starts_with("express/event-loop#")
            || id.starts_with("express/processes-deployment#")
            || id.starts_with("backend/concurrency-models#")),
        "{hits:?}"
    );
}

/// A problem told by its effects reaches the entry whose **Symptoms** paragraph says what users and
/// logs show; none of these was first by words before the bank had those paragraphs.
#[test]
fn described_problems_find_their_entry_by_its_symptoms() {
    let top = ranker();
    for (query, want) in [
        (
            "typing an apostrophe in the search box shows a database error",
            "security/injection#what-is-sql-injection-and-how-do-prepared-statements-prevent-it",
        ),
        (
            "a user edited the order number in the api call and got a stranger's receipt",
            "security/access-control#what-is-an-idor-vulnerability-and-how-do-you-prevent-it",
        ),
        (
            "chat messages only reach some users since we added a second instance",
            "express/websockets#how-do-you-scale-socket-io-or-websocket-servers-across-multiple-instances",
        ),
        (
            "logins stop working after every deploy of our flask app",
            "flask/sessions#what-is-secret-key-used-for-in-flask-and-how-do-you-rotate-it-safely",
        ),
    ] {
        assert_eq!(top(query, 1), [want], "{query}");
    }
}
