-- A lead's phone, job title and address, mapped both ways on every kind (a vendor's edit of a phone reaches the partner's copy).
alter table lead
    add column phone  text,
    add column title  text,
    add column street text,
    add column city   text;
